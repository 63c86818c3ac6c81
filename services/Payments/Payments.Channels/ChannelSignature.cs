using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Jade.Payments.Channels;

/// <summary>
/// HMAC-SHA256 signatures both ways. A request to a channel signs <c>{timestamp}.{METHOD}.{path and query}.{body}</c>;
/// a notification from a channel signs <c>{timestamp}.{body}</c>. Headers: <see cref="TimestampHeader"/> (Unix seconds)
/// and <see cref="SignatureHeader"/> (<c>v1=</c> and the lower-case hex MAC). A timestamp more than
/// <see cref="Tolerance"/> away from now is refused, so a captured message cannot be replayed later.
/// </summary>
public static class ChannelSignature
{
    public const string MerchantHeader = "X-Merchant-Id";
    public const string TimestampHeader = "X-Timestamp";
    public const string SignatureHeader = "X-Signature";
    public const string EventIdHeader = "X-Event-Id";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string ForRequest(string secret, long timestamp, string method, string pathAndQuery, string body) =>
        Sign(secret, $"{timestamp.ToString(CultureInfo.InvariantCulture)}.{method.ToUpperInvariant()}.{pathAndQuery}.{body}");

    public static string ForNotification(string secret, long timestamp, string body) =>
        Sign(secret, $"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}");

    /// <summary>True when <paramref name="signature"/> is <paramref name="expected"/> and the timestamp is fresh.</summary>
    public static bool Matches(string? signature, string expected, string? timestamp, DateTimeOffset now)
    {
        if (signature is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799))).Duration() > Tolerance) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(expected));
    }

    private static string Sign(string secret, string payload) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload)));
}
