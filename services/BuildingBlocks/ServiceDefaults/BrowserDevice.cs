using System.Security.Cryptography;
using System.Text;

namespace Jade.ServiceDefaults;

/// <summary>
/// The browser a request comes from, as services see it. Identity sets a long-lived HttpOnly cookie with a random id
/// per browser; the SPA cannot read it, so the gateway turns it into <see cref="Header"/> on every proxied API call,
/// replacing whatever the client sent. Services get the id's SHA-256, never the cookie itself: it tells one device from
/// another (risk's device rules), and it cannot be replayed as the cookie.
/// </summary>
public static class BrowserDevice
{
    public const string CookieName = "jade.device";
    public const string Header = "X-Device-Id";

    private const int CookieLength = 32;

    /// <summary>The header value for a cookie value, or null when the value is not one identity issues.</summary>
    public static string? HeaderValueOf(string? cookie) =>
        cookie is { Length: CookieLength } && cookie.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(cookie)))
            : null;
}
