using System.Security.Cryptography;
using System.Text;

namespace Jade.Identity.Devices;

/// <summary>
/// The long-lived cookie that tells one browser from another: 128 random bits, hex-encoded, the same for every user of
/// that browser. Identity keeps only its SHA-256 (<see cref="Hash"/>).
/// </summary>
public static class DeviceCookie
{
    public const string Name = Jade.ServiceDefaults.BrowserDevice.CookieName;

    /// <summary>The most browsers keep a cookie (Chrome caps longer lifetimes to this); renewed at every sign-in.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(400);

    public const int HashLength = 32;

    private const int ValueLength = 32;

    /// <summary>The browser's device id, or a new one when it has none (or sent something that is not one).</summary>
    public static string ReadOrCreate(HttpRequest request) =>
        request.Cookies.TryGetValue(Name, out var value) && IsWellFormed(value)
            ? value
            : RandomNumberGenerator.GetHexString(ValueLength, lowercase: true);

    public static byte[] Hash(string value) => SHA256.HashData(Encoding.ASCII.GetBytes(value));

    /// <summary>(Re)issues the cookie, so a browser that keeps signing in keeps being recognised.</summary>
    public static void Write(HttpContext context, string value, DateTimeOffset now) =>
        context.Response.Cookies.Append(Name, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = IsSecure(context.Request.IsHttps, context.Request.Host.Host),
            SameSite = SameSiteMode.Lax,
            Path = "/",
            Expires = now + Lifetime,
            MaxAge = Lifetime,
            IsEssential = true,
        });

    /// <summary>
    /// Secure everywhere except on a loopback host over plain http, where development runs (the gateway's session
    /// cookie follows the same rule).
    /// </summary>
    public static bool IsSecure(bool isHttps, string host) => isHttps || !IsLoopback(host);

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host is "127.0.0.1" or "[::1]" or "::1";

    private static bool IsWellFormed(string value) =>
        value.Length == ValueLength && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
