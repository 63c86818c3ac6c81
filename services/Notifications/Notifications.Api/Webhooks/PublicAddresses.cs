using System.Net;
using System.Net.Sockets;

namespace Jade.Notifications.Webhooks;

/// <summary>
/// Which addresses a partner's webhook may reach. A partner chooses the URL, so without this rule a registration could
/// point Jade's own requests at the cluster, a private network or a cloud metadata endpoint (server-side request
/// forgery). The network policy refuses those ranges too; this check also holds where no policy runs, covers IPv6, and
/// tells the partner why at registration.
/// </summary>
internal static class PublicAddresses
{
    private static readonly IPNetwork[] NotPublic =
    [
        // IPv4: "this network", private, shared (carrier-grade NAT), loopback, link-local (cloud metadata), IETF
        // protocol assignments, documentation, 6to4 relay, benchmarking, multicast, reserved and broadcast.
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.0.2.0/24"), IPNetwork.Parse("192.88.99.0/24"),
        IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
        // IPv6: unspecified and loopback (and the deprecated IPv4-compatible block holding both), unique local,
        // link-local, the deprecated site-local, multicast, documentation and discard-only.
        IPNetwork.Parse("::/96"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("ff00::/8"), IPNetwork.Parse("2001:db8::/32"), IPNetwork.Parse("100::/64"),
    ];

    // Prefixes whose last (or, for 6to4, second and third) 32 bits are an IPv4 address, which is what gets reached.
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedIPv4(address) is { } embedded)
        {
            return IsPublic(embedded);
        }
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return false;
        }
        foreach (var network in NotPublic)
        {
            if (network.Contains(address)) return false;
        }
        return true;
    }

    /// <summary>Whether <paramref name="host"/> (a URL's host) names a place that is never public.</summary>
    public static bool IsNeverPublicHost(string host) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? !IsPublic(literal)
        : host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Resolves <paramref name="host"/> and connects to the first of its public addresses that answers. Checking the
    /// address actually connected to (not the name at registration) is what defeats a name that later resolves to a
    /// private address.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal) ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, ct);
        var allowed = addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new NonPublicAddressException(
                $"{endPoint.Host} resolves to no public address ({string.Join(", ", addresses.Select(a => a.ToString()))}); webhooks are sent only to public addresses.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address)) return new IPAddress(bytes.AsSpan(12, 4));
        if (SixToFour.Contains(address)) return new IPAddress(bytes.AsSpan(2, 4));
        return null;
    }
}

/// <summary>A webhook endpoint whose name resolves only to addresses Jade does not send to; trying again will not help.</summary>
internal sealed class NonPublicAddressException(string message) : Exception(message);
