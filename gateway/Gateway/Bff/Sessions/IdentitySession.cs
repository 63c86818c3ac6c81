using Microsoft.IdentityModel.JsonWebTokens;

namespace Jade.Gateway.Bff.Sessions;

/// <summary>
/// Identity's id for a browser session: the OpenIddict authorization its tokens were issued under (<c>oi_au_id</c> in
/// the access token), which identity's back-channel logout names as <c>sid</c>.
/// </summary>
public static class IdentitySession
{
    private const string AuthorizationIdClaim = "oi_au_id";
    private static readonly JsonWebTokenHandler Jwt = new();

    /// <summary>
    /// Read from the access token without validating it: the gateway received it from identity itself, over the back
    /// channel. Null when it is not a JWT or names no authorization.
    /// </summary>
    public static string? IdOf(string? accessToken)
    {
        try
        {
            return Jwt.CanReadToken(accessToken) && new JsonWebToken(accessToken).TryGetPayloadValue<string>(AuthorizationIdClaim, out var id)
                ? id
                : null;
        }
        catch (ArgumentException)
        {
            // Shaped like a JWT but not one.
            return null;
        }
    }
}
