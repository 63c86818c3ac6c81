using System.Text.Json;
using Jade.Risk.Decisions;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Screening;

/// <summary>Screens over HTTP: evaluate in memory, group-commit the decision, then count it in the windows.</summary>
public sealed class ScreeningService(TransactionScreener screener, DecisionWriter writer, IServiceScopeFactory scopes)
{
    public async Task<ScreeningResult> ScreenAsync(ScreeningTransaction tx, string? correlationId, CancellationToken ct)
    {
        var write = screener.Evaluate(tx, correlationId, replyOnBus: false);
        if (await writer.WriteAsync(write))
        {
            screener.Commit(write.Decision, tx);
            return new ScreeningResult(write.Decision, ReasonsOf(write.Decision));
        }
        // Decided before (a retry): the first decision stands, whatever the rules say now.
        return await FindAsync(tx.TransactionId, ct) ?? throw new InvalidOperationException("A recorded decision vanished.");
    }

    public async Task<ScreeningResult?> FindAsync(Guid transactionId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RiskDb>();
        var decision = await db.Decisions.AsNoTracking().SingleOrDefaultAsync(d => d.TransactionId == transactionId, ct);
        return decision is null ? null : new ScreeningResult(decision, ReasonsOf(decision));
    }

    public static IReadOnlyList<DecisionReason> ReasonsOf(DecisionRow decision) =>
        JsonSerializer.Deserialize<List<DecisionReason>>(decision.Reasons, JsonSerializerOptions.Web) ?? [];
}
