using System.Text.Json;
using Jade.Ledger.Domain.Results;
using Jade.Ledger.Domain.Transfers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Ledger.Transfers;

public static class TransferEndpoints
{
    public const int MaxBatch = 8190;

    public static IEndpointRouteBuilder MapTransferEndpoints(this IEndpointRouteBuilder app)
    {
        var ledger = app.MapGroup("/api/ledger").WithTags("Transfers");
        ledger.MapPost("/transfers", CreateAsync).RequireAuthorization(LedgerAuthorization.WritePolicy).WithName("CreateTransfers");
        ledger.MapGet("/transfers/{id:guid}", GetAsync).RequireAuthorization(LedgerAuthorization.ReadPolicy).WithName("GetTransfer");
        return app;
    }

    internal static async Task<Results<Ok<BatchResponse>, ValidationProblem>> CreateAsync(
        CreateTransfersRequest request, LedgerStore store, TransferCoalescer coalescer, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Transfers is not { Count: > 0 and <= MaxBatch } items)
        {
            errors["transfers"] = [$"transfers must hold 1 to {MaxBatch} items."];
            return TypedResults.ValidationProblem(errors);
        }
        var transfers = new List<Transfer>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var at = $"transfers[{i}]";
            if (item is null)
            {
                errors[at] = ["A transfer is required."];
                continue;
            }
            if (item.Id is not { } id || id == Guid.Empty) errors[$"{at}.id"] = ["id is required."];
            if (item.Amount is < 0) errors[$"{at}.amount"] = ["amount must not be negative."];
            if (!FlagNames.TryParseTransfer(item.Flags, out var flags, out var unknown)) errors[$"{at}.flags"] = [$"Unknown flag '{unknown}'."];
            var postOrVoid = (flags & (TransferFlags.PostPendingTransfer | TransferFlags.VoidPendingTransfer)) != 0;
            if (!(postOrVoid && string.IsNullOrEmpty(item.Currency)) && !Currency.IsValid(item.Currency))
                errors[$"{at}.currency"] = ["currency must be 3 upper-case letters (ISO 4217)."];
            if (item.Code is not null and not (>= 0 and <= ushort.MaxValue)) errors[$"{at}.code"] = [$"code must be between 0 and {ushort.MaxValue}."];
            if (item.TimeoutSeconds is not null and not (>= 0 and <= uint.MaxValue))
                errors[$"{at}.timeoutSeconds"] = [$"timeoutSeconds must be between 0 and {uint.MaxValue}."];
            if (errors.Count > 0) continue;
            transfers.Add(new Transfer
            {
                Id = item.Id!.Value,
                DebitAccountId = item.DebitAccountId ?? Guid.Empty,
                CreditAccountId = item.CreditAccountId ?? Guid.Empty,
                Amount = item.Amount ?? 0,
                Currency = item.Currency ?? "",
                Code = (ushort)(item.Code ?? 0),
                Flags = flags,
                PendingId = item.PendingId,
                TimeoutSeconds = (uint)(item.TimeoutSeconds ?? 0),
                Metadata = Json.ToText(item.Metadata),
            });
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var results = TransferCoalescer.CanCoalesce(transfers)
            ? await coalescer.SubmitAsync(transfers)
            : await store.CreateTransfersAsync(transfers, ct);
        return TypedResults.Ok(new BatchResponse([.. results.Select(r => new BatchResult(r.Index, r.Id, r.Result.ToSnakeCase()))]));
    }

    internal static async Task<Results<Ok<TransferView>, NotFound>> GetAsync(Guid id, HttpContext http, LedgerDb db, CancellationToken ct)
    {
        var row = await db.Transfers.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (row is null) return TypedResults.NotFound();
        if (LedgerAuthorization.OwnerFilter(http.User) is { } owner
            && !await db.Accounts.AnyAsync(a => (a.Id == row.DebitAccountId || a.Id == row.CreditAccountId) && a.OwnerId == owner && owner != Guid.Empty, ct))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(TransferView.From(row));
    }
}

public sealed record CreateTransfersRequest(IReadOnlyList<TransferRequest?>? Transfers);

public sealed record TransferRequest(
    Guid? Id, Guid? DebitAccountId, Guid? CreditAccountId, long? Amount, string? Currency, int? Code,
    IReadOnlyList<string>? Flags, Guid? PendingId, long? TimeoutSeconds, JsonElement? Metadata);

public sealed record TransferView(
    Guid Id, Guid DebitAccountId, Guid CreditAccountId, long Amount, string Currency, int Code, IReadOnlyList<string> Flags,
    Guid? PendingId, long TimeoutSeconds, JsonElement? Metadata, long Timestamp)
{
    public static TransferView From(TransferRow t) => new(
        t.Id, t.DebitAccountId, t.CreditAccountId, t.Amount, t.Currency, t.Code, FlagNames.Of((TransferFlags)t.Flags),
        t.PendingId, t.TimeoutSeconds, Json.FromText(t.Metadata), t.Timestamp);
}

public sealed record TransferPage(IReadOnlyList<TransferView> Items, long? NextCursor);
