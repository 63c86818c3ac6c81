using System.Security.Claims;
using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Jade.Identity.Oidc;

/// <summary>Builds the principals OpenIddict turns into codes and tokens, with each claim's destinations.</summary>
public sealed class OidcPrincipalFactory(UserManager<JadeUser> users, IOpenIddictScopeManager scopes)
{
    public async Task<ClaimsPrincipal> ForUserAsync(JadeUser user, IEnumerable<string> requestedScopes, CancellationToken ct)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, user.Id.ToString())
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.Name, user.Email);
        identity.SetClaims(Claims.Role, [.. await users.GetRolesAsync(user)]);
        return await FinishAsync(identity, requestedScopes, ct);
    }

    public async Task<ClaimsPrincipal> ForClientAsync(string clientId, string? displayName, IEnumerable<string> requestedScopes, CancellationToken ct)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, clientId).SetClaim(Claims.Name, displayName ?? clientId);
        return await FinishAsync(identity, requestedScopes, ct);
    }

    private static ClaimsIdentity NewIdentity() =>
        new(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);

    private async Task<ClaimsPrincipal> FinishAsync(ClaimsIdentity identity, IEnumerable<string> requestedScopes, CancellationToken ct)
    {
        var granted = requestedScopes.ToList();
        identity.SetScopes(granted);
        var resources = new List<string>();
        await foreach (var resource in scopes.ListResourcesAsync([.. granted], ct))
        {
            resources.Add(resource);
        }
        identity.SetResources(resources);
        identity.SetDestinations(Destinations);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// Access tokens carry sub, role, email; identity tokens sub, email, name and role (the BFF keeps the identity token
    /// and tells the SPA the roles, so the staff console appears for staff only). Nothing else leaves the server.
    /// </summary>
    private static IEnumerable<string> Destinations(Claim claim) => claim.Type switch
    {
        Claims.Subject or Claims.Email or Claims.Role =>
            [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        Claims.Name => [OpenIddictConstants.Destinations.IdentityToken],
        _ => [],
    };
}
