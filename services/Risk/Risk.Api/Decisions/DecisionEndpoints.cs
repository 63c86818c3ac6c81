using Jade.ServiceDefaults;
using Jade.Risk.Screening;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Decisions;

public sealed record DecisionItem(
    Guid DecisionId, Guid TransactionId, string Type, long Amount, string Currency, Guid PayerId, Guid? PayeeId, string Channel,
    DateTimeOffset OccurredAt, DateTimeOffset DecidedAt, string Outcome, int Score, float ModelScore, IReadOnlyList<ReasonView> Reasons, Guid? CaseId);

public sealed record DecisionPage(IReadOnlyList<DecisionItem> Items, int Page, int PageSize, int Total);

/// <summary>The decision log for officers: every screening, filterable by customer, outcome and time.</summary>
public static class DecisionEndpoints
{
    public static IEndpointRouteBuilder MapDecisionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/risk/decisions", ListAsync).WithTags("Decisions").RequireAuthorization(RiskAuthorization.OfficerPolicy).WithName("ListDecisions");
        return app;
    }

    internal static async Task<Results<Ok<DecisionPage>, ValidationProblem>> ListAsync(
        RiskDb db, Guid? customerId, string? outcome, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (outcome is not null and not (Outcomes.Approve or Outcomes.Review or Outcomes.Decline)) errors["outcome"] = ["outcome must be approve, review or decline."];
        if (from is not null && to is not null && from > to) errors["from"] = ["from must not be after to."];
        var paging = Paging.From(page, pageSize, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var query = db.Decisions.AsNoTracking();
        if (customerId is not null) query = query.Where(d => d.PayerId == customerId || d.PayeeId == customerId);
        if (outcome is not null) query = query.Where(d => d.Outcome == outcome);
        if (from is not null) query = query.Where(d => d.DecidedAt >= from);
        if (to is not null) query = query.Where(d => d.DecidedAt < to);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(d => d.DecidedAt).ThenBy(d => d.Id).PageOf(paging).ToListAsync(ct);
        return TypedResults.Ok(new DecisionPage([.. rows.Select(d => new DecisionItem(
            d.Id, d.TransactionId, d.Type, d.Amount, d.Currency, d.PayerId, d.PayeeId, d.Channel, d.OccurredAt, d.DecidedAt, d.Outcome, d.Score,
            d.ModelScore, [.. ScreeningService.ReasonsOf(d).Select(r => new ReasonView(r.Code, r.Message))], d.CaseId))], paging.Page, paging.Size, total));
    }
}
