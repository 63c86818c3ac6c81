namespace Jade.Gateway.Bff;

/// <summary>
/// The session cookie is Secure everywhere except on a loopback host, where development runs over plain http;
/// there it follows the request so a local https run still gets a Secure cookie.
/// </summary>
internal sealed class SessionCookieBuilder : CookieBuilder
{
    public SessionCookieBuilder() => Path = "/";

    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        options.Secure = context.Request.IsHttps || !IsLoopback(context.Request.Host.Host);
        return options;
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host is "127.0.0.1" or "[::1]" or "::1";
}
