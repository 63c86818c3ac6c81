using Jade.Contracts.Ledger;
using Jade.Contracts.Risk;
using Jade.Messaging;
using Jade.Payments.HeldPayments;
using Jade.Payments.Orders;
using Jade.Payments.Incoming;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Sagas;

/// <summary>
/// Loads an order for a saga step with its row locked until the transaction commits, so two replies for one order (a
/// hold result and a screening) apply one after the other and each sees the other's effect: the status change is a
/// compare-and-set by construction. For a batch of saga replies it locks every order they name in one statement, in id
/// order (so two batches never wait for each other crosswise), and the handlers then find them here.
/// </summary>
public sealed class SagaStore(PaymentsDb db, IOutbox outbox) : IInboxBatchParticipant
{
    private readonly Dictionary<Guid, PaymentOrderRow?> _locked = [];

    public async Task<PaymentOrderRow?> LockAsync(Guid orderId, CancellationToken ct)
    {
        if (_locked.TryGetValue(orderId, out var order)) return order;
        order = await db.PaymentOrders.FromSql($"SELECT * FROM payments.payment_orders WHERE id = {orderId} FOR UPDATE").SingleOrDefaultAsync(ct);
        _locked[orderId] = order;
        return order;
    }

    public async Task BeforeHandlersAsync(IReadOnlyList<object> messages, CancellationToken ct)
    {
        var ids = messages.Select(OrderNamedBy).OfType<Guid>().Where(id => !_locked.ContainsKey(id)).Distinct().Order().ToArray();
        if (ids.Length == 0) return;
        var orders = await db.PaymentOrders
            .FromSql($"SELECT * FROM payments.payment_orders WHERE id = ANY({ids}) ORDER BY id FOR UPDATE")
            .ToDictionaryAsync(o => o.Id, ct);
        foreach (var id in ids) _locked[id] = orders.GetValueOrDefault(id);
    }

    public void Send(PaymentOrderRow order, IReadOnlyList<object> commands)
    {
        foreach (var command in commands)
        {
            outbox.Add(command, order.Id.ToString("D"));
        }
    }

    private static Guid? OrderNamedBy(object message) => message switch
    {
        LedgerCommandCompleted reply => Guid.TryParse(reply.Reference, out var id) ? id : null,
        TransactionScreened screened => screened.TransactionId,
        CaseResolved { Kind: "transaction" } resolved => resolved.SubjectId,
        _ => null,
    };
}

internal sealed class LedgerReplyHandler(SagaStore store, SagaReplyLag lag, HeldPaymentSaga held, IncomingPaymentSaga topUps) : IMessageHandler<LedgerCommandCompleted>
{
    public async Task HandleAsync(LedgerCommandCompleted reply, MessageContext context, CancellationToken ct)
    {
        // Every saga's ledger replies reach every subscriber: only a reference naming one of our orders is ours.
        if (!Guid.TryParse(reply.Reference, out var orderId) || await store.LockAsync(orderId, ct) is not { } order) return;
        lag.Observe(order);
        if (PaymentKinds.IsIncoming(order.Kind))
        {
            if (reply.Command == nameof(PostLedgerTransfer) && reply.TransferId == order.PostTransferId) topUps.OnCreditResult(order, reply.Succeeded, reply.Status);
            return;
        }
        var commands = reply.Command switch
        {
            nameof(PlaceLedgerHold) when reply.TransferId == order.Id => held.OnHoldResult(order, reply.Succeeded, reply.Status),
            nameof(PostLedgerHold) when reply.TransferId == order.PostTransferId => held.OnPostResult(order, reply.Succeeded, reply.Status),
            nameof(VoidLedgerHold) when reply.TransferId == order.VoidTransferId => held.OnVoidResult(order, reply.Succeeded, reply.Status),
            _ => [],
        };
        store.Send(order, commands);
    }
}

internal sealed class ScreeningReplyHandler(SagaStore store, SagaReplyLag lag, HeldPaymentSaga saga) : IMessageHandler<TransactionScreened>
{
    public async Task HandleAsync(TransactionScreened reply, MessageContext context, CancellationToken ct)
    {
        if (await store.LockAsync(reply.TransactionId, ct) is { Kind: PaymentKinds.PeerToPeer or PaymentKinds.Withdrawal or PaymentKinds.PartnerPayout } order)
        {
            lag.Observe(order);
            store.Send(order, saga.OnScreened(order, reply));
        }
    }
}

internal sealed class CaseResolvedHandler(SagaStore store, HeldPaymentSaga saga) : IMessageHandler<CaseResolved>
{
    public async Task HandleAsync(CaseResolved resolved, MessageContext context, CancellationToken ct)
    {
        if (resolved.Kind != "transaction") return;
        if (await store.LockAsync(resolved.SubjectId, ct) is { Kind: PaymentKinds.PeerToPeer or PaymentKinds.Withdrawal or PaymentKinds.PartnerPayout } order)
        {
            store.Send(order, saga.OnCaseResolved(order, resolved.Resolution));
        }
    }
}
