namespace Jade.ServiceDefaults;

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0 as identity issues its logout tokens (when it ends a session itself) and the
/// gateway's BFF receives them: a JWT of this type whose <c>events</c> member names this event.
/// </summary>
public static class LogoutTokens
{
    public const string TokenType = "logout+jwt";
    public const string EventType = "http://schemas.openid.net/event/backchannel-logout";
}
