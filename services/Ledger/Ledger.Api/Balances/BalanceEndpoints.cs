using Jade.Ledger.Domain.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Ledger.Balances;

/// <summary><c>GET /api/ledger/accounts/{id}/balances?asOf=</c>: point-in-time balances of accounts flagged <c>history</c>.</summary>
public static class BalanceEndpoints
{
    public static IServiceCollection AddBalanceHistory(this IServiceCollection services) => services.AddSingleton<BalanceHistory>();

    public static IEndpointRouteBuilder MapBalanceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/ledger").WithTags("Accounts")
            .MapGet("/accounts/{id:guid}/balances", GetAsync).RequireAuthorization(LedgerAuthorization.ReadPolicy).WithName("GetAccountBalances");
        return app;
    }

    internal static async Task<Results<Ok<BalancesView>, NotFound, ValidationProblem>> GetAsync(
        Guid id, string? asOf, HttpContext http, LedgerDb db, BalanceHistory history, CancellationToken ct)
    {
        long? at = null;
        if (asOf is not null && !AsOf.TryParse(asOf, out at))
            return Problem("asOf must be an ISO-8601 instant (2026-11-26T04:00:00Z) or a ledger timestamp in nanoseconds.");
        // Ownership before anything else about the account, so a customer learns nothing of another's, not even its flags.
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (account is null || !LedgerAuthorization.MayRead(http.User, account.OwnerId)) return TypedResults.NotFound();
        // Without the flag the ledger promises no history (TigerBeetle keeps none): refuse rather than answer from a replay
        // the account never asked for.
        if (((AccountFlags)account.Flags & AccountFlags.History) == 0) return Problem("The account does not keep history (flag history).");
        return TypedResults.Ok(await history.AtAsync(id, at, ct));
    }

    private static ValidationProblem Problem(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["asOf"] = [message] });
}
