using System.Text.Json;
using Jade.Payments.Orders;
using Jade.Persistence;
using Jade.Persistence.Idempotency;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Reconciliation;

/// <summary>One suspense item; amounts are decimal strings in major units (as the statement and the order have them).</summary>
public sealed record SuspenseItem(
    Guid Id, DateOnly StatementDate, string Channel, string ObjectId, string? Reference, Guid? OrderId, string Reason,
    string? ChannelAmount, string? BookedAmount, string Detail, DateTimeOffset FoundAt, string Status,
    DateTimeOffset? ResolvedAt, string? ResolvedByName, string? Resolution);

public sealed record SuspensePage(IReadOnlyList<SuspenseItem> Items, int Page, int PageSize, int Total);

public sealed record SuspenseResolutionRequest(string? Resolution);

/// <summary>
/// The operators' view of the reconciliation's differences: list them (open ones oldest first, a work queue), read
/// one, and resolve it with a note saying what was found and done. Resolving changes no money: corrections go through
/// the ledger's own staff API. Each resolution is audited.
/// </summary>
public static class SuspenseItems
{
    public const int MaxResolution = 500;
    public const string Open = "open";
    public const string Resolved = "resolved";

    public static IEndpointRouteBuilder MapSuspenseEndpoints(this IEndpointRouteBuilder app)
    {
        var items = app.MapGroup("/api/payments/suspense").WithTags("Reconciliation").RequireAuthorization(PaymentsAuthorization.OperatorPolicy);
        items.MapGet("", ListAsync).WithName("ListSuspenseItems");
        items.MapGet("/{id:guid}", GetAsync).WithName("GetSuspenseItem");
        // 409: already resolved.
        items.MapPost("/{id:guid}/resolution", ResolveAsync).WithName("ResolveSuspenseItem").AcceptIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    internal static async Task<Results<Ok<SuspensePage>, ValidationProblem>> ListAsync(
        PaymentsDb db, string? status, string? reason, string? channel, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null and not (Open or Resolved)) errors["status"] = ["status must be open or resolved."];
        if (reason is not null && !SuspenseReasons.All.Contains(reason)) errors["reason"] = [$"reason must be one of {string.Join(", ", SuspenseReasons.All)}."];
        if (channel is { Length: 0 or > 20 }) errors["channel"] = ["channel must be 1 to 20 characters."];
        var paging = Paging.From(page, pageSize, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var query = db.SuspenseItems.AsNoTracking();
        if (status == Open) query = query.Where(s => s.ResolvedAt == null);
        if (status == Resolved) query = query.Where(s => s.ResolvedAt != null);
        if (reason is not null) query = query.Where(s => s.Reason == reason);
        if (channel is not null) query = query.Where(s => s.Channel == channel);
        var total = await query.CountAsync(ct);
        var ordered = status == Open ? query.OrderBy(s => s.FoundAt) : query.OrderByDescending(s => s.FoundAt);
        var rows = await ordered.ThenBy(s => s.Id).PageOf(paging).ToListAsync(ct);
        return TypedResults.Ok(new SuspensePage([.. rows.Select(View)], paging.Page, paging.Size, total));
    }

    internal static async Task<Results<Ok<SuspenseItem>, NotFound>> GetAsync(Guid id, PaymentsDb db, CancellationToken ct) =>
        await db.SuspenseItems.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is { } row
            ? TypedResults.Ok(View(row))
            : TypedResults.NotFound();

    internal static async Task<Results<Ok<SuspenseItem>, ValidationProblem, NotFound, ProblemHttpResult>> ResolveAsync(
        Guid id, SuspenseResolutionRequest request, PaymentsDb db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var resolution = request.Resolution?.Trim();
        if (resolution is not { Length: > 0 and <= MaxResolution })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["resolution"] = [$"resolution is required (1 to {MaxResolution} characters): what was found and done."],
            });
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var row = await db.SuspenseItems.FromSql($"SELECT * FROM payments.suspense_items WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (row is null) return TypedResults.NotFound();
        if (row.ResolvedAt is not null)
        {
            return TypedResults.Problem($"The suspense item was already resolved on {row.ResolvedAt:u} by {row.ResolvedByName ?? row.ResolvedBy}.",
                statusCode: StatusCodes.Status409Conflict);
        }
        var actor = AuditActor.Of(http);
        var now = time.GetUtcNow();
        row.ResolvedAt = now;
        row.ResolvedBy = actor.Id;
        row.ResolvedByName = actor.Name;
        row.Resolution = resolution;
        await db.AppendAuditAsync(actor, "suspense_item.resolve", "suspense_item", row.Id.ToString(),
            JsonSerializer.Serialize(new { status = Open }, JsonSerializerOptions.Web),
            JsonSerializer.Serialize(new { status = Resolved, resolution }, JsonSerializerOptions.Web), now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(View(row));
    }

    private static SuspenseItem View(SuspenseItemRow row) => new(
        row.Id, row.StatementDate, row.Channel, row.ObjectId, row.Reference, row.OrderId, row.Reason,
        row.ChannelAmount is { } settled ? PaymentRequests.FormatAmount(settled) : null, row.BookedAmount is { } booked ? PaymentRequests.FormatAmount(booked) : null,
        row.Detail, row.FoundAt, row.ResolvedAt is null ? Open : Resolved, row.ResolvedAt, row.ResolvedByName, row.Resolution);
}
