using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Jade.Identity.Devices;

/// <summary>
/// Client addresses as identity stores and announces them: enough to tell a customer roughly where a sign-in came
/// from (network, provider), not enough to single out a subscriber.
/// </summary>
public static class IpMasking
{
    public const string Unknown = "unknown";

    /// <summary>The longest masked form (<c>ffff:ffff:ffff:ffff::x</c>), with room to spare; the column is sized to it.</summary>
    public const int MaxLength = 48;

    /// <summary>
    /// IPv4: the last octet becomes <c>x</c> (<c>203.0.113.x</c>). IPv6: the first four groups (the /64 network) and
    /// <c>::x</c> (<c>2001:db8:85a3:8d3::x</c>). An IPv4 address mapped into IPv6 is shown as IPv4.
    /// </summary>
    public static string Mask(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => string.Create(CultureInfo.InvariantCulture, $"{bytes[0]}.{bytes[1]}.{bytes[2]}.x"),
            AddressFamily.InterNetworkV6 => string.Join(':', Enumerable.Range(0, 4)
                .Select(g => ((bytes[2 * g] << 8) | bytes[2 * g + 1]).ToString("x", CultureInfo.InvariantCulture))) + "::x",
            _ => Unknown,
        };
    }
}
