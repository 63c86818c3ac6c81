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
internal sealed class ScreenTransactionHandler(
    TransactionScreener screener, ScreeningBatch batch, IOutbox outbox, ScreeningReadiness readiness, ILogger<ScreenTransactionHandler> logger)
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
        if (!readiness.IsReady)
        {
            // Screened before the rules, the customers' KYC levels and the last week of behaviour are loaded, the
            // decision would be wrong and recorded for good. Wait rather than throw: the inbox retries a throw five times
            // within about ten seconds and then dead-letters it, and a warm-up may take longer. The wait holds this inbox
            // batch open; later deliveries queue behind it. (The inbox passes handlers no delivery token yet: a host
            // stopping meanwhile waits out its shutdown timeout, and the broker redelivers the unacknowledged message.)
            logger.LogInformation("Bus screening of {TransactionId} waits until the screening state is loaded", m.TransactionId);
            await readiness.WaitAsync(ct);
        }
        batch.Add(screener.Evaluate(tx, context.CorrelationId, replyOnBus: true), tx, context.CorrelationId);
    }
}

/// <summary>
/// The screenings of one inbox batch, written with one statement just before the batch commits — as the HTTP path
/// group-commits its decisions, and with the same meaning: screenings decided together do not see each other in the
/// behaviour windows, and each is counted there once its decision is recorded.
/// </summary>
internal sealed class ScreeningBatch(RiskDb db, TransactionScreener screener, DecisionSql sql, IOutbox outbox) : IInboxBatchParticipant
{
    private readonly List<(DecisionWrite Write, ScreeningTransaction Transaction, string? CorrelationId)> _pending = [];
    private readonly List<(Guid TransactionId, string? CorrelationId)> _repeats = [];

    public void Add(DecisionWrite write, ScreeningTransaction transaction, string? correlationId)
    {
        // The same transaction twice in one batch (a saga asking again): the first is screened, the second answered with it.
        if (_pending.Any(p => p.Transaction.TransactionId == transaction.TransactionId)) _repeats.Add((transaction.TransactionId, correlationId));
        else _pending.Add((write, transaction, correlationId));
    }

    public async Task BeforeCommitAsync(CancellationToken ct)
    {
        if (_pending.Count == 0) return;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction)(db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bus screenings run inside the inbox transaction."));
        var inserted = await sql.WriteAsync(connection, transaction, [.. _pending.Select(p => p.Write)], ct);
        foreach (var (write, tx, correlationId) in _pending)
        {
            if (inserted.Contains(tx.TransactionId))
            {
                if (write.Outbox.Count > 0) outbox.AddedDirectly();
                // Counted before the inbox commits: a rollback here would over-count one transaction for a while, which
                // errs towards caution; the alternative (counting after) could let a burst slip under the limits.
                screener.Commit(write.Decision, tx);
            }
            else
            {
                _repeats.Add((tx.TransactionId, correlationId));
            }
        }
        if (_repeats.Count > 0)
        {
            var ids = _repeats.Select(r => r.TransactionId).Distinct().ToArray();
            var decided = await db.Decisions.AsNoTracking().Where(d => ids.Contains(d.TransactionId)).ToDictionaryAsync(d => d.TransactionId, ct);
            foreach (var (id, correlationId) in _repeats)
            {
                outbox.Add(TransactionScreener.ToMessage(decided[id], ScreeningService.ReasonsOf(decided[id])), correlationId);
            }
        }
        _pending.Clear();
        _repeats.Clear();
    }
}
