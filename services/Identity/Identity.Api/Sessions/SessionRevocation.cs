using System.Security.Claims;
using Jade.Identity.Users;
using OpenIddict.Abstractions;

namespace Jade.Identity.Sessions;

/// <summary>
/// Ends a customer's signed-in sessions when how they sign in changes behind them. Each BFF session holds a refresh token
/// under an OpenIddict authorization; revoking the authorization and its tokens means no new access token is issued to
/// it, so the session ends within the access-token lifetime (15 minutes). The identity cookie of other browsers ends at
/// its next use, because the change also renews the user's security stamp (validated on every request, see
/// <c>IdentitySetup</c>). Runs in the caller's transaction: the change and the revocation commit together.
/// </summary>
public sealed class SessionRevocation(IOpenIddictAuthorizationManager authorizations, IOpenIddictTokenManager tokens)
{
    /// <summary>Every session but the one that made the request (a password change: the customer stays signed in here).</summary>
    public async Task<int> EndOtherSessionsAsync(JadeUser user, ClaimsPrincipal current, CancellationToken ct)
    {
        var keep = current.GetAuthorizationId();
        // Read to the end first: revoking saves through the same connection the query is still reading from.
        var others = new List<object>();
        await foreach (var authorization in authorizations.FindBySubjectAsync(user.Id.ToString(), ct))
        {
            if (await authorizations.GetIdAsync(authorization, ct) != keep
                && await authorizations.HasStatusAsync(authorization, OpenIddictConstants.Statuses.Valid, ct))
            {
                others.Add(authorization);
            }
        }
        var ended = 0;
        foreach (var authorization in others)
        {
            if (await authorizations.TryRevokeAsync(authorization, ct))
            {
                ended++;
            }
            await tokens.RevokeByAuthorizationIdAsync((await authorizations.GetIdAsync(authorization, ct))!, ct);
        }
        return ended;
    }

    /// <summary>Every session (a support reset: whoever is signed in may be the one who should not be).</summary>
    public async Task<long> EndAllSessionsAsync(JadeUser user, CancellationToken ct)
    {
        var subject = user.Id.ToString();
        var ended = await authorizations.RevokeBySubjectAsync(subject, ct);
        await tokens.RevokeBySubjectAsync(subject, ct);
        return ended;
    }
}
