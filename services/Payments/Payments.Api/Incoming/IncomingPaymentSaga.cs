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
/// a charge that succeeds after the saga gave up still credits the customer.
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
        else
        {
            // The card was charged but the wallet cannot be credited: reconciliation reports it as a suspense item.
            clock.Fail(order, FailureReasons.LedgerRejected, ledgerStatus);
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
