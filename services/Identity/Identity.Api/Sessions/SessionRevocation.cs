using System.Security.Claims;
using Jade.Contracts.Identity;
using Jade.Identity.Users;
using Jade.Messaging;
using OpenIddict.Abstractions;

namespace Jade.Identity.Sessions;

/// <summary>
/// Ends a customer's signed-in sessions when how they sign in changes behind them. Each BFF session holds a refresh token
/// under an OpenIddict authorization; revoking the authorization and its tokens means no new access token is issued to
/// it, and each ended session is announced (<see cref="SessionEnded"/>) so the application holding it drops it at once
/// (<see cref="BackchannelLogoutHandler"/>) rather than when its access token expires. The identity cookie of other
/// browsers ends at its next use, because the change also renews the user's security stamp (validated on every request,
/// see <c>IdentitySetup</c>). Runs in the caller's transaction: the change, the revocation and the announcements commit
/// together.
/// </summary>
public sealed class SessionRevocation(
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictApplicationManager applications,
    IOpenIddictTokenManager tokens,
    IOutbox outbox,
    TimeProvider time)
{
    /// <summary>Every session but the one that made the request (a password change: the customer stays signed in here).</summary>
    public Task<int> EndOtherSessionsAsync(JadeUser user, ClaimsPrincipal current, string reason, CancellationToken ct) =>
        EndAsync(user, current.GetAuthorizationId(), reason, ct);

    /// <summary>Every session (a support reset: whoever is signed in may be the one who should not be).</summary>
    public Task<int> EndAllSessionsAsync(JadeUser user, string reason, CancellationToken ct) => EndAsync(user, keep: null, reason, ct);

    private async Task<int> EndAsync(JadeUser user, string? keep, string reason, CancellationToken ct)
    {
        // Read to the end first: revoking saves through the same connection the query is still reading from.
        var valid = new List<object>();
        await foreach (var authorization in authorizations.FindBySubjectAsync(user.Id.ToString(), ct))
        {
            if (await authorizations.GetIdAsync(authorization, ct) != keep
                && await authorizations.HasStatusAsync(authorization, OpenIddictConstants.Statuses.Valid, ct))
            {
                valid.Add(authorization);
            }
        }
        var ended = 0;
        var now = time.GetUtcNow();
        foreach (var authorization in valid)
        {
            var id = (await authorizations.GetIdAsync(authorization, ct))!;
            await tokens.RevokeByAuthorizationIdAsync(id, ct);
            if (!await authorizations.TryRevokeAsync(authorization, ct))
            {
                continue;
            }
            ended++;
            if (await ClientIdAsync(authorization, ct) is { } clientId)
            {
                outbox.Add(new SessionEnded(user.Id, id, clientId, reason, now));
            }
        }
        if (keep is null)
        {
            // Any token issued outside an authorization goes too.
            await tokens.RevokeBySubjectAsync(user.Id.ToString(), ct);
        }
        return ended;
    }

    private async Task<string?> ClientIdAsync(object authorization, CancellationToken ct) =>
        await authorizations.GetApplicationIdAsync(authorization, ct) is { } applicationId
        && await applications.FindByIdAsync(applicationId, ct) is { } application
            ? await applications.GetClientIdAsync(application, ct)
            : null;
}
