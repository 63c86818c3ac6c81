using Jade.Payments.Channels;
using Jade.Payments.Orders;
using Jade.Payments.Reconciliation;

namespace Jade.Payments.Incoming;

/// <summary>
/// Applies a top-up refund's outcome to its order, wherever the outcome was learnt. A refund that fails leaves money
/// taken from a card and credited nowhere, so it opens a suspense item in the same unit of work: operators hear of it at
/// once rather than from the next day's reconciliation.
/// </summary>
public sealed class TopUpRefunds(IncomingPaymentSaga saga, PaymentsDb db, TimeProvider time, ILogger<TopUpRefunds> logger)
{
    public void Apply(PaymentOrderRow order, string status, string? failureCode)
    {
        var open = order.Status is PaymentStatuses.Refunding or PaymentStatuses.AwaitingRefund;
        saga.OnRefund(order, status, failureCode);
        if (!open || order.FailureReason != FailureReasons.LedgerRejected) return;
        var now = time.GetUtcNow();
        var amount = $"{PaymentRequests.FormatAmount(order.AmountMinor)} {order.Currency}";
        db.SuspenseItems.Add(new SuspenseItemRow
        {
            Id = Guid.CreateVersion7(now), StatementDate = DateOnly.FromDateTime(now.UtcDateTime), Channel = "acquirer",
            ObjectId = order.RefundId ?? order.ChannelObjectId ?? order.Id.ToString("D"), Reference = order.Id.ToString("D"), OrderId = order.Id,
            Reason = SuspenseReasons.RefundFailed, ChannelAmount = order.AmountMinor, BookedAmount = null, FoundAt = now,
            Detail = $"Charged {amount} to the card; the wallet would not take it and the refund failed ({failureCode ?? "no reason given"}). The money is in card settlement.",
        });
        logger.LogError("The refund of top-up {OrderId} ({Amount}) failed ({FailureCode}); suspense item opened", order.Id, amount, failureCode);
    }
}
