using Jade.ServiceDefaults;
using System.Text.Json;
using Jade.Contracts.Risk;
using Jade.Messaging;
using Jade.Persistence;
using Jade.Persistence.Idempotency;
using Jade.Risk.Decisions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Cases;

public sealed record CaseDecisionRequest(string? Decision, string? Comment);

/// <summary>The queue's assignee filter: the signed-in officer's cases, or those nobody has claimed.</summary>
public static class AssigneeFilter
{
    public const string Me = "me";
    public const string Nobody = "none";
}

public static class CaseEndpoints
{
    public const int MaxComment = 500;

    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/risk/cases").WithTags("Cases").RequireAuthorization(RiskAuthorization.OfficerPolicy);
        cases.MapGet("", ListAsync).WithName("ListCases");
        cases.MapGet("/{id:guid}", GetAsync).WithName("GetCase");
        // Already decided or withdrawn, or claimed by another officer.
        cases.MapPost("/{id:guid}/decision", DecideAsync).WithName("DecideCase").AcceptIdempotencyKey().ProducesProblem(StatusCodes.Status409Conflict);
        cases.MapCaseWork();
        return app;
    }

    internal static async Task<Results<Ok<CasePage>, ValidationProblem>> ListAsync(
        RiskDb db, string? status, string? kind, string? resolution, string? assignee, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize,
        HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (resolution is not null && !Resolutions.All.Contains(resolution)) errors["resolution"] = ["resolution must be approve or decline."];
        if (assignee is not (null or AssigneeFilter.Me or AssigneeFilter.Nobody)) errors["assignee"] = ["assignee must be me or none."];
        if (status is not null && !CaseStatus.All.Contains(status)) errors["status"] = ["status must be open, resolved or withdrawn."];
        if (kind is not null && !CaseKinds.All.Contains(kind)) errors["kind"] = ["kind must be transaction, kyc or kyc_upgrade."];
        if (from is not null && to is not null && from > to) errors["from"] = ["from must not be after to."];
        var paging = Paging.From(page, pageSize, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var me = AuditActor.Of(http).Id;
        var query = db.Cases.AsNoTracking();
        if (assignee == AssigneeFilter.Me) query = query.Where(c => c.AssignedTo == me);
        if (assignee == AssigneeFilter.Nobody) query = query.Where(c => c.AssignedTo == null);
        if (status is not null) query = query.Where(c => c.Status == status);
        if (kind is not null) query = query.Where(c => c.Kind == kind);
        if (resolution is not null) query = query.Where(c => c.Resolution == resolution);
        if (from is not null) query = query.Where(c => c.OpenedAt >= from);
        if (to is not null) query = query.Where(c => c.OpenedAt < to);
        var total = await query.CountAsync(ct);
        // Open cases oldest first (a queue); resolved ones newest first (a log).
        var ordered = status == CaseStatus.Open ? query.OrderBy(c => c.OpenedAt) : query.OrderByDescending(c => c.OpenedAt);
        var rows = await ordered.ThenBy(c => c.Id).PageOf(paging).ToListAsync(ct);
        return TypedResults.Ok(new CasePage([.. rows.Select(c => CaseViews.Item(c, me))], paging.Page, paging.Size, total));
    }

    internal static async Task<Results<Ok<CaseDetail>, NotFound>> GetAsync(Guid id, RiskDb db, HttpContext http, CancellationToken ct) =>
        await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is { } row
            ? TypedResults.Ok(await DetailAsync(db, row, AuditActor.Of(http).Id, ct))
            : TypedResults.NotFound();

    internal static async Task<Results<Ok<CaseDetail>, ValidationProblem, NotFound, ProblemHttpResult>> DecideAsync(
        Guid id, CaseDecisionRequest request, RiskDb db, IOutbox outbox, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Decision is null || !Resolutions.All.Contains(request.Decision)) errors["decision"] = ["decision must be approve or decline."];
        var comment = request.Comment?.Trim();
        if (comment is not { Length: > 0 and <= MaxComment }) errors["comment"] = [$"comment is required (1 to {MaxComment} characters)."];
        else if (FreeText.HasControlCharacters(comment, multiLine: true)) errors["comment"] = ["comment must not contain control characters other than line breaks and tabs."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var actor = AuditActor.Of(http);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await CaseWork.LockAsync(db, id, ct) is not { } row) return TypedResults.NotFound();
        if (row.Status != CaseStatus.Open) return AlreadyResolved(row);
        if (row.AssignedTo is { } assignee && assignee != actor.Id) return CaseWork.AssignedElsewhere(row, "decide");

        var now = time.GetUtcNow();
        var before = JsonSerializer.Serialize(new { row.Status }, JsonSerializerOptions.Web);
        row.Status = CaseStatus.Resolved;
        row.Resolution = request.Decision;
        row.ResolvedAt = now;
        row.ResolvedBy = actor.Id;
        row.ResolvedByName = actor.Name;
        row.Comment = comment;
        // The waiting process resumes on these: payments on CaseResolved, identity on the KYC verdict or, for a level 3
        // application, on CaseResolved.
        outbox.Add(new CaseResolved(row.Id, row.Kind, row.SubjectId, row.CustomerId, row.Resolution!, now));
        if (row.Kind == CaseKinds.Kyc)
        {
            var outcome = row.Resolution == Resolutions.Approve ? KycOutcomes.Cleared : KycOutcomes.Rejected;
            outbox.Add(new KycScreeningCompleted(row.SubjectId, row.CustomerId, outcome, row.Id, [.. CaseViews.Reasons(row.Reasons).Select(r => r.Code)], now));
        }
        var after = JsonSerializer.Serialize(new { row.Status, row.Resolution, row.Comment }, JsonSerializerOptions.Web);
        await db.AppendAuditAsync(actor, "case.resolve", "case", row.Id.ToString(), before, after, now, ct);
        // The row lock held since the read means nothing changed the case meanwhile: no conflict to catch here.
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(await DetailAsync(db, row, actor.Id, ct));
    }

    private static ProblemHttpResult AlreadyResolved(CaseRow row) => TypedResults.Problem(
        row.Status == CaseStatus.Withdrawn
            ? $"The payment was withdrawn before a decision; there is nothing left to decide ({row.Comment})."
            : $"The case is already resolved ({row.Resolution}).",
        statusCode: StatusCodes.Status409Conflict);

    internal static async Task<CaseDetail> DetailAsync(RiskDb db, CaseRow row, string officer, CancellationToken ct)
    {
        var notes = await db.CaseNotes.AsNoTracking().Where(n => n.CaseId == row.Id).OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).ToListAsync(ct);
        var decision = row.DecisionId is { } decisionId ? await db.Decisions.AsNoTracking().SingleOrDefaultAsync(d => d.Id == decisionId, ct) : null;
        var history = await db.Decisions.AsNoTracking()
            .Where(d => d.PayerId == row.CustomerId)
            .OrderByDescending(d => d.OccurredAt)
            .Take(20)
            .Select(d => new HistoryItem(d.Id, d.TransactionId, d.OccurredAt, d.Type, d.Amount, d.Currency, d.Outcome, d.Score))
            .ToListAsync(ct);
        var activity = row.Kind == CaseKinds.KycUpgrade ? await ActivityAsync(db, row.CustomerId, row.OpenedAt, ct) : null;
        var level = row.Kind == CaseKinds.KycUpgrade
            ? await db.Customers.AsNoTracking().Where(c => c.Id == row.CustomerId).Select(c => (int?)c.KycLevel).SingleOrDefaultAsync(ct)
            : null;
        return CaseViews.Detail(row, officer, decision, history, new CustomerStanding(level, activity), [.. notes.Select(CaseWork.NoteView)]);
    }

    /// <summary>What an officer weighs a level 3 application against: the customer's screened payments of the 30 days before it.</summary>
    private static async Task<RecentActivity> ActivityAsync(RiskDb db, Guid customerId, DateTimeOffset until, CancellationToken ct)
    {
        var since = until.AddDays(-RecentActivity.Days);
        var rows = await db.Decisions.AsNoTracking()
            .Where(d => d.PayerId == customerId && d.OccurredAt >= since && d.OccurredAt < until)
            .GroupBy(d => d.Outcome)
            .Select(g => new { Outcome = g.Key, Count = g.Count(), Amount = g.Where(d => d.Currency == RecentActivity.CountedCurrency).Sum(d => d.Amount) })
            .ToListAsync(ct);
        return new RecentActivity(rows.Sum(r => r.Count), rows.Sum(r => r.Amount), RecentActivity.CountedCurrency,
            rows.Where(r => r.Outcome == Outcomes.Review).Sum(r => r.Count), rows.Where(r => r.Outcome == Outcomes.Decline).Sum(r => r.Count));
    }
}
