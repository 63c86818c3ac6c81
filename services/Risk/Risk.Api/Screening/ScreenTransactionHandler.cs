using Jade.Contracts.Risk;
using Jade.Messaging;
using Jade.Risk.Decisions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Jade.Risk.Screening;

/// <summary>
/// The bus request/reply: screens inside the inbox transaction, so the decision, its case and the
/// <see cref="TransactionScreened"/> reply commit together with the processed-message record. A new request for a
/// transaction already decided is answered with the recorded decision.
/// </summary>
internal sealed class ScreenTransactionHandler(RiskDb db, TransactionScreener screener, DecisionSql sql, IOutbox outbox)
    : IMessageHandler<ScreenTransaction>
{
    public async Task HandleAsync(ScreenTransaction m, MessageContext context, CancellationToken ct)
    {
        var tx = new ScreeningTransaction(m.TransactionId, m.Type, m.Amount, m.Currency, m.PayerId, m.PayeeId, m.PayeeName, m.Channel,
            m.DeviceId, m.IpAddress, m.OccurredAt);
        if (ScreeningValidation.Validate(tx) is { Count: > 0 } errors)
        {
            // A malformed request can never succeed on redelivery: answer it as declined, with the reasons.
            outbox.Add(new TransactionScreened(m.TransactionId, Guid.Empty, Outcomes.Decline, 1000,
                [.. errors.Keys.Select(field => $"invalid.{field}")], null), context.CorrelationId);
            return;
        }
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction)(db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bus screenings run inside the inbox transaction."));
        var write = screener.Evaluate(tx, context.CorrelationId, replyOnBus: true);
        if ((await sql.WriteAsync(connection, transaction, [write], ct)).Contains(tx.TransactionId))
        {
            if (write.Outbox.Count > 0) outbox.AddedDirectly();
            // Counted before the inbox commits: a rollback here would over-count one transaction for a while, which
            // errs towards caution; the alternative (counting after) could let a burst slip under the limits.
            screener.Commit(write.Decision, tx);
            return;
        }
        var existing = await db.Decisions.AsNoTracking().SingleAsync(d => d.TransactionId == tx.TransactionId, ct);
        outbox.Add(TransactionScreener.ToMessage(existing, ScreeningService.ReasonsOf(existing)), context.CorrelationId);
    }
}
