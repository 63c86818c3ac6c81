namespace Jade.Gateway.Bff;

/// <summary>Names shared by the session, the BFF endpoints and the proxy.</summary>
public static class BffDefaults
{
    public const string CookieScheme = "cookie";
    public const string OidcScheme = "oidc";
    public const string SessionCookieName = "jade.session";

    /// <summary>Per-session random id the SPA must echo to log out, so a cross-site link cannot end the session.</summary>
    public const string SessionIdItem = "jade.sid";

    /// <summary>Authentication property asking identity to show its registration page instead of the login page.</summary>
    public const string RegisterItem = "jade.register";

    /// <summary>Header a cookie-authenticated state-changing /api call must carry; a cross-site form cannot set it.</summary>
    public const string AntiforgeryHeader = "X-CSRF";
}
