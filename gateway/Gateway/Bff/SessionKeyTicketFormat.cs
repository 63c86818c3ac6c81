using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;

namespace Jade.Gateway.Bff;

/// <summary>
/// Cookie payload made of the protected session key alone. The default format would serialize a whole ticket
/// around the key; this keeps the cookie small and makes it plain that nothing but the key leaves the server.
/// </summary>
internal sealed class SessionKeyTicketFormat(IDataProtector protector, string scheme) : ISecureDataFormat<AuthenticationTicket>
{
    /// <summary>The claim under which the cookie handler passes the session store's key.</summary>
    public const string SessionIdClaim = "Microsoft.AspNetCore.Authentication.Cookies-SessionId";

    public string Protect(AuthenticationTicket data) => Protect(data, purpose: null);

    public string Protect(AuthenticationTicket data, string? purpose)
    {
        var key = data.Principal.FindFirst(SessionIdClaim)?.Value
            ?? throw new InvalidOperationException("The session cookie only carries a session-store key; a SessionStore must be configured.");
        return Base64UrlTextEncoder.Encode(For(purpose).Protect(Encoding.UTF8.GetBytes(key)));
    }

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (string.IsNullOrEmpty(protectedText))
        {
            return null;
        }
        try
        {
            var key = Encoding.UTF8.GetString(For(purpose).Unprotect(Base64UrlTextEncoder.Decode(protectedText)));
            var identity = new ClaimsIdentity([new Claim(SessionIdClaim, key)], scheme);
            return new AuthenticationTicket(new ClaimsPrincipal(identity), scheme);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            // A forged, truncated or old-key cookie is simply no session.
            return null;
        }
    }

    private IDataProtector For(string? purpose) => purpose is null ? protector : protector.CreateProtector(purpose);
}
