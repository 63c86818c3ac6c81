using Jade.Identity.Audit;
using Jade.Identity.Oidc;
using Jade.Identity.Profile;
using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Jade.Identity.Support;

/// <summary>A support reset waiting for approval, as its customer sees it: when it was asked for and until when it can be approved.</summary>
public sealed record PendingSupportReset(Guid Id, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// The customer's answer to the <c>two_factor_reset_requested</c> alert: someone signed in to the account (so not a
/// caller who lost every factor) can stop a support reset before a second agent approves it. The request is closed as
/// rejected with the customer as the one who decided, in the same compare-and-set as an agent's rejection.
/// </summary>
internal static class CustomerResetCancellation
{
    public const string CancelledComment = "Cancelled by the customer";
    public const string TwoFactorOffComment = "Closed: the customer turned two-step verification off";

    public static void MapCustomerResetCancellation(this WebApplication app) =>
        app.MapPost("/api/identity/2fa/support-reset/cancel", CancelAsync)
            .RequireAuthorization(OidcServerSetup.CustomerApiPolicy)
            .WithName("CancelSupportResetOfTwoFactor");

    public static Task<PendingSupportReset?> PendingForAsync(IdentityDb db, Guid customer, DateTimeOffset now, CancellationToken ct) =>
        db.Set<SupportResetRequest>().AsNoTracking()
            .OpenAt(now).Where(r => r.CustomerId == customer)
            .Select(r => new PendingSupportReset(r.Id, r.RequestedAt, r.ExpiresAt))
            .SingleOrDefaultAsync(ct);

    /// <summary>
    /// Closes the customer's open request, if any, as rejected by them: once they turned two-step verification off
    /// themselves, there is nothing left for an agent to reset, and the request would only wait in the queue to expire.
    /// </summary>
    public static async Task CloseOnTwoFactorOffAsync(IdentityDb db, JadeUser user, DateTimeOffset now, CancellationToken ct)
    {
        if (await PendingForAsync(db, user.Id, now, ct) is { } pending)
        {
            await SupportResetDecisions.CloseAsync(db, pending.Id, ResetRequestStatuses.Rejected, new Agent(user.Id, user.Email ?? ""),
                TwoFactorOffComment, now, ct);
        }
    }

    private static async Task<IResult> CancelAsync(HttpContext http, UserManager<JadeUser> users, IdentityDb db, SecurityAudit audit, TimeProvider time,
        ILoggerFactory logs, CancellationToken ct)
    {
        var user = await CurrentUser.FindAsync(http.User, users);
        if (user is null)
        {
            return CurrentUser.NotAUser();
        }
        var now = time.GetUtcNow();
        if (await PendingForAsync(db, user.Id, now, ct) is not { } pending)
        {
            return NothingToCancel();
        }
        var cancelled = await audit.RecordAsync(http, user, SecurityAudit.Actions.TwoFactorSupportResetCancelled, null, new { request = pending.Id },
            () => SupportResetDecisions.CloseAsync(db, pending.Id, ResetRequestStatuses.Rejected, new Agent(user.Id, user.Email ?? ""),
                CancelledComment, now, ct),
            closed => closed, ct);
        if (!cancelled)
        {
            // An agent decided it a moment ago.
            return NothingToCancel();
        }
        logs.CreateLogger("Jade.Identity.Support").LogWarning(
            "User {UserId} cancelled support reset request {RequestId} of their two-step verification", user.Id, pending.Id);
        return Results.NoContent();
    }

    private static IResult NothingToCancel() => Results.Problem(statusCode: StatusCodes.Status404NotFound,
        type: SupportResetDecisions.NotFoundType, title: SupportTexts.Current.NothingToCancelTitle);
}
