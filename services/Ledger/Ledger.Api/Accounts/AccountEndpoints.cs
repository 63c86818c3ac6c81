using System.Text.Json;
using Jade.Ledger.Domain.Accounts;
using Jade.Ledger.Domain.Results;
using Jade.Ledger.Transfers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Ledger.Accounts;

public static class AccountEndpoints
{
    public const int MaxBatch = 8190;
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var ledger = app.MapGroup("/api/ledger").WithTags("Accounts");
        ledger.MapPost("/accounts", CreateAsync).RequireAuthorization(LedgerAuthorization.WritePolicy).WithName("CreateAccounts");
        ledger.MapGet("/accounts/{id:guid}", GetAsync).RequireAuthorization(LedgerAuthorization.ReadPolicy).WithName("GetAccount");
        ledger.MapGet("/accounts/{id:guid}/transfers", ListTransfersAsync).RequireAuthorization(LedgerAuthorization.ReadPolicy)
            .WithName("ListAccountTransfers");
        ledger.MapGet("/me/accounts", MineAsync).RequireAuthorization(LedgerAuthorization.ReadPolicy).WithName("ListMyAccounts");
        return app;
    }

    internal static async Task<Results<Ok<BatchResponse>, ValidationProblem>> CreateAsync(
        CreateAccountsRequest request, LedgerStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var accounts = new List<Account>();
        if (request.Accounts is not { Count: > 0 and <= MaxBatch } items)
        {
            errors["accounts"] = [$"accounts must hold 1 to {MaxBatch} items."];
            return TypedResults.ValidationProblem(errors);
        }
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var at = $"accounts[{i}]";
            if (item is null)
            {
                errors[at] = ["An account is required."];
                continue;
            }
            if (item.Id is not { } id || id == Guid.Empty) errors[$"{at}.id"] = ["id is required."];
            if (!Currency.IsValid(item.Currency)) errors[$"{at}.currency"] = ["currency must be 3 upper-case letters (ISO 4217)."];
            if (item.Code is not (>= 1 and <= ushort.MaxValue)) errors[$"{at}.code"] = [$"code must be between 1 and {ushort.MaxValue}."];
            if (!FlagNames.TryParseAccount(item.Flags, out var flags, out var unknown)) errors[$"{at}.flags"] = [$"Unknown flag '{unknown}'."];
            if (errors.Count > 0) continue;
            accounts.Add(new Account
            {
                Id = item.Id!.Value,
                Currency = item.Currency!,
                Code = (ushort)item.Code!.Value,
                OwnerId = item.OwnerId,
                Flags = flags,
                Metadata = Json.ToText(item.Metadata),
            });
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var results = await store.CreateAccountsAsync(accounts, ct);
        return TypedResults.Ok(new BatchResponse([.. results.Select(r => new BatchResult(r.Index, r.Id, r.Result.ToSnakeCase()))]));
    }

    internal static async Task<Results<Ok<AccountView>, NotFound>> GetAsync(Guid id, HttpContext http, LedgerDb db, CancellationToken ct)
    {
        var row = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        return row is null || !LedgerAuthorization.MayRead(http.User, row.OwnerId)
            ? TypedResults.NotFound()
            : TypedResults.Ok(AccountView.From(row));
    }

    internal static async Task<Ok<IReadOnlyList<AccountView>>> MineAsync(HttpContext http, LedgerDb db, CancellationToken ct)
    {
        var owner = Guid.TryParse(http.User.FindFirst("sub")?.Value, out var sub) ? sub : Guid.Empty;
        var rows = await db.Accounts.AsNoTracking().Where(a => a.OwnerId == owner).OrderBy(a => a.Timestamp).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<AccountView>>([.. rows.Select(AccountView.From)]);
    }

    internal static async Task<Results<Ok<TransferPage>, NotFound, ValidationProblem>> ListTransfersAsync(
        Guid id, long? cursor, int? limit, HttpContext http, LedgerDb db, CancellationToken ct)
    {
        var size = limit ?? 20;
        if (size is < 1 or > MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {MaxPageSize}."] });
        }
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (account is null || !LedgerAuthorization.MayRead(http.User, account.OwnerId)) return TypedResults.NotFound();

        var before = cursor ?? long.MaxValue;
        var rows = await db.Transfers.AsNoTracking()
            .Where(t => (t.DebitAccountId == id || t.CreditAccountId == id) && t.Timestamp < before)
            .OrderByDescending(t => t.Timestamp).Take(size).ToListAsync(ct);
        var next = rows.Count == size ? rows[^1].Timestamp : (long?)null;
        return TypedResults.Ok(new TransferPage([.. rows.Select(TransferView.From)], next));
    }
}

public sealed record CreateAccountsRequest(IReadOnlyList<AccountRequest?>? Accounts);

public sealed record AccountRequest(Guid? Id, string? Currency, int? Code, Guid? OwnerId, IReadOnlyList<string>? Flags, JsonElement? Metadata);

public sealed record AccountView(
    Guid Id, string Currency, int Code, Guid? OwnerId, IReadOnlyList<string> Flags,
    long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted, long AvailableBalance,
    JsonElement? Metadata, long Timestamp)
{
    public static AccountView From(AccountRow a) => new(
        a.Id, a.Currency, a.Code, a.OwnerId, FlagNames.Of((AccountFlags)a.Flags),
        a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted,
        a.CreditsPosted - a.DebitsPosted - a.DebitsPending, Json.FromText(a.Metadata), a.Timestamp);
}
