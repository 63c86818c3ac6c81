using Jade.Contracts.Ledger;
using Jade.Payments.Channels;
using Jade.Payments.HeldPayments;
using Jade.Payments.Orders;
using Jade.Payments.Sagas;

namespace Jade.Payments.Incoming;

/// <summary>
/// The saga of money coming in. A partner bank's credit is booked at once (its money is already in the partner
/// settlement account). A top-up waits for the card: the charge is created at the card acquirer, the customer confirms it there, the acquirer's signed
/// notification (or, when none comes, its answer to a status query) says whether money was taken, and only then the
/// ledger credits the wallet from card settlement. The acquirer's word on the money wins over the saga's own timeout:
/// a charge that succeeds after the saga gave up still credits the customer. A charge the ledger will not credit is
/// refunded to the card: the compensation of the one step after the money was taken.
/// </summary>
public sealed class IncomingPaymentSaga(SagaClock clock)
{
    /// <summary>A partner's credit: the money is at Jade already, so the wallet is credited straight away.</summary>
    public IReadOnlyList<object> StartCredit(PaymentOrderRow order)
    {
        clock.Record(order, "accepted");
        clock.Enter(order, PaymentStatuses.Posting, "posting");
        return [Credit(order)];
    }

    public void Start(PaymentOrderRow order) =>
        // A process that dies before the acquirer answered leaves the order here; the deadline fails it.
        clock.Enter(order, PaymentStatuses.Created, "accepted");

    public void OnChargeCreated(PaymentOrderRow order, Charge charge)
    {
        if (order.Status != PaymentStatuses.Created) return;
        order.ChannelObjectId = charge.ChargeId;
        order.ConfirmUrl = charge.ConfirmUrl;
        clock.Enter(order, PaymentStatuses.AwaitingConfirmation, "charge_created", clock.Settings.ConfirmationTimeout, charge.ChargeId);
    }

    public void OnChargeNotCreated(PaymentOrderRow order, string why)
    {
        if (order.Status == PaymentStatuses.Created) clock.Fail(order, FailureReasons.ChannelUnavailable, why);
    }

    /// <summary>The charge's state from a notification or a status query; <paramref name="status"/> as the acquirer says it.</summary>
    public IReadOnlyList<object> OnCharge(PaymentOrderRow order, string status, string? failureCode, string? cardLast4)
    {
        var open = order.Status is PaymentStatuses.Created or PaymentStatuses.AwaitingConfirmation;
        var gaveUp = order is { Status: PaymentStatuses.Failed, FailureReason: FailureReasons.ConfirmationTimeout or FailureReasons.ChannelUnavailable };
        switch (status)
        {
            case ChannelStatuses.Succeeded when open || gaveUp:
                if (cardLast4 is not null) order.PayerLabel = $"Card •••• {cardLast4}";
                if (gaveUp) order.FailureReason = null;
                clock.Record(order, "charge_succeeded", gaveUp ? "after the saga had stopped waiting" : null);
                clock.Enter(order, PaymentStatuses.Posting, "posting");
                return [Credit(order)];
            case ChannelStatuses.Failed when open:
                clock.Fail(order, FailureReasons.CardDeclined, failureCode);
                return [];
            case ChannelStatuses.Expired when open:
                clock.Fail(order, FailureReasons.ConfirmationTimeout, "the acquirer expired the charge");
                return [];
            default:
                return [];
        }
    }

    public void OnCreditResult(PaymentOrderRow order, bool succeeded, string ledgerStatus)
    {
        if (order.Status != PaymentStatuses.Posting) return;
        if (succeeded)
        {
            clock.Complete(order);
        }
        else if (order.Kind == PaymentKinds.TopUp)
        {
            // The card was charged but the wallet cannot take the money (a frozen wallet, say): it goes back to the card.
            // The refund request is an HTTP call, so the sweeper makes it (due at once), never a message handler.
            clock.Enter(order, PaymentStatuses.Refunding, "credit_refused", TimeSpan.Zero, ledgerStatus);
        }
        else
        {
            // A partner's money stays in its settlement account; the partner sees the rejection.
            clock.Fail(order, FailureReasons.LedgerRejected, ledgerStatus);
        }
    }

    public void OnRefundRequested(PaymentOrderRow order, Refund refund)
    {
        if (order.Status != PaymentStatuses.Refunding) return;
        order.RefundId = refund.RefundId;
        clock.Enter(order, PaymentStatuses.AwaitingRefund, "refund_requested", clock.Settings.RefundTimeout, refund.RefundId);
    }

    /// <summary>
    /// The refund's outcome, from a notification, the answer to the request or a status query. Accepted while the
    /// request is still being made too: the acquirer may have refunded although its answer to the request was lost.
    /// </summary>
    public void OnRefund(PaymentOrderRow order, string status, string? failureCode)
    {
        if (order.Status is not (PaymentStatuses.Refunding or PaymentStatuses.AwaitingRefund)) return;
        switch (status)
        {
            case ChannelStatuses.Succeeded:
                clock.Record(order, "refunded");
                clock.Fail(order, FailureReasons.RefundedToCard);
                break;
            case ChannelStatuses.Failed:
                clock.Record(order, "refund_failed", failureCode);
                clock.Fail(order, FailureReasons.LedgerRejected, $"charged, not credited and not refunded ({failureCode ?? "no reason given"})");
                break;
        }
    }

    /// <summary>No answer in time. <paramref name="charge"/> is the acquirer's current view when it could be asked.</summary>
    public IReadOnlyList<object> OnDeadline(PaymentOrderRow order, Charge? charge)
    {
        switch (order.Status)
        {
            case PaymentStatuses.Created:
                clock.Fail(order, FailureReasons.ChannelUnavailable, "no answer from the acquirer");
                return [];
            case PaymentStatuses.AwaitingConfirmation when charge is null:
                clock.Backoff(order, "the acquirer could not be asked");
                return [];
            case PaymentStatuses.AwaitingConfirmation when charge.Status == ChannelStatuses.Pending:
                clock.Fail(order, FailureReasons.ConfirmationTimeout, "not confirmed in time");
                return [];
            case PaymentStatuses.AwaitingConfirmation:
                return OnCharge(order, charge.Status, charge.FailureCode, charge.CardLast4);
            case PaymentStatuses.Posting:
                return clock.TryResend(order) ? [Credit(order)] : [];
            default:
                return [];
        }
    }

    private static PostLedgerTransfer Credit(PaymentOrderRow order) => order.Kind == PaymentKinds.PartnerCredit
        ? new(order.PostTransferId, LedgerAccounts.House(LedgerAccounts.PartnerBankSettlement), LedgerAccounts.Wallet(order.CustomerId), order.AmountMinor,
            order.Currency, LedgerAccounts.PartnerCreditCode, HeldPaymentSaga.Reference(order))
        : new(order.PostTransferId, LedgerAccounts.House(LedgerAccounts.CardSettlement), LedgerAccounts.Wallet(order.CustomerId), order.AmountMinor,
            order.Currency, LedgerAccounts.TopUpCode, HeldPaymentSaga.Reference(order));
}
