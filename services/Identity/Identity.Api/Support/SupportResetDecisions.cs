using Jade.Contracts.Identity;
using Jade.Identity.Audit;
using Jade.Identity.Oidc;
using Jade.Identity.Sessions;
using Jade.Identity.Users;
using Jade.Messaging;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Jade.Identity.Support;

/// <summary><paramref name="Comment"/>: why; optional for an approval, required for a rejection.</summary>
public sealed record ResetDecision(string? Comment);

public sealed record ApprovedReset(SupportResetRequestView Request, SupportCustomerView Customer);

/// <summary>
/// The second pair of eyes: the queue of reset requests, and the approval (by any support agent but the one who asked)
/// that resets the customer, or the rejection (by any agent, the one who asked withdrawing it included). A request is
/// closed by a compare-and-set from <c>pending</c>, in the transaction of the reset and its audit record, so two agents
/// deciding at once close it once.
/// </summary>
internal static class SupportResetDecisions
{
    public const string NotFoundType = "https://jade.example/problems/reset-request-not-found";
    public const string FourEyesType = "https://jade.example/problems/four-eyes-required";
    public const string ClosedType = "https://jade.example/problems/reset-request-closed";

    public static void MapSupportResetDecisions(this WebApplication app)
    {
        var api = app.MapGroup("/api/identity/support/two-factor-reset-requests").RequireAuthorization(OidcServerSetup.SupportPolicy);
        api.MapGet("", ListAsync).WithName("ListTwoFactorResetRequests");
        api.MapPost("/{id:guid}/approve", ApproveAsync).WithName("ApproveTwoFactorResetRequest");
        api.MapPost("/{id:guid}/reject", RejectAsync).WithName("RejectTwoFactorResetRequest");
    }

    private static async Task<IResult> ListAsync(string? status, int? page, int? pageSize, HttpContext http, IdentityDb db, TimeProvider time,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.From(page, pageSize, errors);
        var wanted = string.IsNullOrEmpty(status) ? ResetRequestStatuses.Pending : status;
        if (!ResetRequestStatuses.All.Contains(wanted))
        {
            errors["status"] = [SupportTexts.Current.UnknownStatus(ResetRequestStatuses.All)];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var now = time.GetUtcNow();
        var requests = db.Set<SupportResetRequest>().AsNoTracking();
        requests = wanted switch
        {
            ResetRequestStatuses.Pending => requests.OpenAt(now),
            // Stored as expired once a new request replaced it, or still pending with its day gone.
            ResetRequestStatuses.Expired => requests.Where(r => r.Status == ResetRequestStatuses.Expired
                || (r.Status == ResetRequestStatuses.Pending && r.ExpiresAt <= now)),
            _ => requests.Where(r => r.Status == wanted),
        };
        var total = await requests.CountAsync(ct);
        var items = await ResetRequestViews.ListAsync(db, requests.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id).PageOf(paging),
            Agent.Of(http).Id, now, ct);
        return TypedResults.Ok(new SupportResetRequestPage(items, paging.Page, paging.Size, total));
    }

    private static async Task<IResult> ApproveAsync(Guid id, ResetDecision? decision, HttpContext http, UserManager<JadeUser> users, IdentityDb db,
        SecurityAudit audit, SessionRevocation sessions, IOutbox outbox, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        var texts = SupportTexts.Current;
        var comment = NullIfEmpty(decision?.Comment?.Trim());
        if (comment is { Length: > SupportEndpoints.MaxComment })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["comment"] = [texts.LengthBetween(0, SupportEndpoints.MaxComment)] });
        }
        var agent = Agent.Of(http);
        var now = time.GetUtcNow();
        var request = await db.Set<SupportResetRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return NotFound(texts);
        }
        if (request.RequestedBy == agent.Id)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, type: FourEyesType, title: texts.FourEyesTitle, detail: texts.FourEyesDetail);
        }
        if (request.StatusAt(now) != ResetRequestStatuses.Pending)
        {
            return Closed(texts, request.StatusAt(now));
        }
        var user = await users.FindByIdAsync(request.CustomerId.ToString());
        if (user is null || !await SupportEndpoints.IsCustomerAsync(users, user))
        {
            return NotFound(texts);
        }
        if (!user.TwoFactorEnabled)
        {
            return SupportEndpoints.TwoFactorOff(texts);
        }

        var result = await audit.RecordAsync(http, user, SecurityAudit.Actions.TwoFactorSupportReset, new { enabled = true },
            new { enabled = false, request = request.Id, requestedBy = request.RequestedByEmail, request.Comment, approvalComment = comment },
            async () =>
            {
                if (!await CloseAsync(db, request.Id, ResetRequestStatuses.Approved, agent, comment, now, ct))
                {
                    return IdentityResult.Failed(new IdentityError { Code = ClosedType });
                }
                outbox.Add(new TwoFactorReset(user.Id, now));
                return await SupportEndpoints.ResetAsync(users, sessions, user, ct);
            }, ct);
        if (result.Errors.Any(e => e.Code == ClosedType))
        {
            return await ClosedMeanwhileAsync(db, texts, id, now, ct);
        }
        result.ThrowIfFailed("Identity update");
        logs.CreateLogger("Jade.Identity.Support").LogInformation(
            "Support reset two-step verification for user {UserId}: request {RequestId} approved", user.Id, request.Id);
        return TypedResults.Ok(new ApprovedReset(await ResetRequestViews.OneAsync(db, request.Id, agent.Id, now, ct),
            await SupportEndpoints.ViewAsync(user, agent, users, db, time, ct)));
    }

    private static async Task<IResult> RejectAsync(Guid id, ResetDecision? decision, HttpContext http, UserManager<JadeUser> users, IdentityDb db,
        SecurityAudit audit, TimeProvider time, CancellationToken ct)
    {
        var texts = SupportTexts.Current;
        var comment = decision?.Comment?.Trim();
        if (SupportEndpoints.CommentProblem(comment, texts) is { } problem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["comment"] = [problem] });
        }
        var agent = Agent.Of(http);
        var now = time.GetUtcNow();
        var request = await db.Set<SupportResetRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null || await users.FindByIdAsync(request.CustomerId.ToString()) is not { } user)
        {
            return NotFound(texts);
        }
        var closed = await audit.RecordAsync(http, user, SecurityAudit.Actions.TwoFactorSupportResetRejected, null,
            new { request = request.Id, withdrawn = request.RequestedBy == agent.Id, comment },
            () => CloseAsync(db, request.Id, ResetRequestStatuses.Rejected, agent, comment, now, ct), closed => closed, ct);
        return closed
            ? TypedResults.Ok(await ResetRequestViews.OneAsync(db, request.Id, agent.Id, now, ct))
            : await ClosedMeanwhileAsync(db, texts, id, now, ct);
    }

    /// <summary>
    /// Pending and not yet expired → <paramref name="status"/>, decided by <paramref name="by"/> (an agent, or the
    /// customer cancelling), or false when someone else closed it first.
    /// </summary>
    public static async Task<bool> CloseAsync(IdentityDb db, Guid id, string status, Agent by, string? comment, DateTimeOffset now,
        CancellationToken ct) =>
        await db.Set<SupportResetRequest>()
            .OpenAt(now).Where(r => r.Id == id)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, status)
                .SetProperty(r => r.DecidedBy, by.Id)
                .SetProperty(r => r.DecidedByEmail, by.Email)
                .SetProperty(r => r.DecidedAt, now)
                .SetProperty(r => r.DecisionComment, comment), ct) == 1;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static IResult NotFound(SupportTexts texts) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, type: NotFoundType, title: texts.RequestNotFoundTitle);

    /// <summary>The answer when another decision closed the request between the read and the compare-and-set: what it is now.</summary>
    private static async Task<IResult> ClosedMeanwhileAsync(IdentityDb db, SupportTexts texts, Guid id, DateTimeOffset now, CancellationToken ct) =>
        Closed(texts, (await db.Set<SupportResetRequest>().AsNoTracking().SingleAsync(r => r.Id == id, ct)).StatusAt(now));

    private static IResult Closed(SupportTexts texts, string status) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, type: ClosedType, title: texts.RequestClosedTitle, detail: texts.RequestClosedDetail(status));
}
