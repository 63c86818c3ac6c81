using Jade.Contracts.Ledger;
using Jade.Contracts.Risk;
using Jade.Payments.Orders;
using Jade.Payments.Sagas;

namespace Jade.Payments.HeldPayments;

/// <summary>
/// The saga of money that leaves a wallet — a P2P transfer or a withdrawal to a bank card — or a partner's settlement
/// account (a payout a partner bank asked for), as pure transitions on
/// the order row: each method takes what arrived, changes the order and returns the commands to send (which the caller
/// writes to the outbox in the same transaction).
///
/// Hold and screening start together, so the customer waits for the slower of the two, not their sum. The hold is the
/// first step that touches money; from then on every way out of the saga releases it (void) unless it is posted. A
/// withdrawal pays out between approval and posting, and a hold is never voided while a payout might still succeed.
/// Replies that arrive twice or late find the step already taken and change nothing.
/// </summary>
public sealed class HeldPaymentSaga(SagaClock clock)
{
    public IReadOnlyList<object> Start(PaymentOrderRow order)
    {
        clock.Enter(order, PaymentStatuses.Accepted, "accepted");
        return [PlaceHold(order), Screen(order)];
    }

    public IReadOnlyList<object> OnHoldResult(PaymentOrderRow order, bool succeeded, string ledgerStatus)
    {
        if (order.HoldStatus != HoldStatuses.Pending || order.IsFinal) return [];
        if (!succeeded)
        {
            order.HoldStatus = HoldStatuses.Failed;
            clock.Fail(order, ledgerStatus == "exceeds_credits" ? FailureReasons.InsufficientFunds : FailureReasons.LedgerRejected, ledgerStatus);
            return [];
        }
        order.HoldStatus = HoldStatuses.Placed;
        clock.Record(order, "funds_held");
        return Advance(order);
    }

    public IReadOnlyList<object> OnScreened(PaymentOrderRow order, TransactionScreened screened)
    {
        if (order.RiskOutcome is not null || order.IsFinal) return [];
        order.RiskOutcome = screened.Outcome;
        order.RiskScore = screened.Score;
        order.RiskReasons = [.. screened.Reasons];
        order.RiskCaseId = screened.CaseId;
        clock.Record(order, "screened", screened.Outcome);
        return Advance(order);
    }

    public IReadOnlyList<object> OnCaseResolved(PaymentOrderRow order, string resolution)
    {
        // Past accepted or in_review the review no longer matters: the payer cancelled, or the wait ran out. Risk opens a
        // case only for a review, so a decision that overtakes its screening reply (handled first in one inbox batch,
        // or the reply lost and asked for again) stands for both: the late reply then finds the outcome taken.
        var reviewed = order.RiskOutcome == RiskOutcomes.Review || order is { RiskOutcome: null, Status: PaymentStatuses.Accepted };
        if (!reviewed || order.Status is not (PaymentStatuses.Accepted or PaymentStatuses.InReview)) return [];
        var approved = resolution == RiskOutcomes.Approve;
        order.RiskOutcome = approved ? RiskOutcomes.Approve : RiskOutcomes.Decline;
        if (!approved) order.FailureReason = FailureReasons.ReviewDeclined;
        clock.Record(order, approved ? "review_approved" : "review_declined");
        return Advance(order);
    }

    /// <summary>
    /// The payer stops a payment while it waits for a risk officer: its hold is voided as for a declined review. Null
    /// when the payment is not waiting for a review (any more): before the review, money may already be on its way,
    /// and after it the officer's decision stands.
    /// </summary>
    public IReadOnlyList<object>? OnCancelled(PaymentOrderRow order) =>
        order.Status == PaymentStatuses.InReview ? Void(order, FailureReasons.CancelledByPayer, null) : null;

    /// <summary>The payout rail took the request (withdrawals and partner payouts).</summary>
    public void OnPayoutRequested(PaymentOrderRow order, string payoutId)
    {
        if (order.Status != PaymentStatuses.PayingOut) return;
        order.ChannelObjectId = payoutId;
        clock.Enter(order, PaymentStatuses.AwaitingPayout, "payout_requested", clock.Settings.PayoutTimeout, payoutId);
    }

    /// <summary>
    /// The rail's outcome, from its notification or a status query (withdrawals and partner payouts). The payout's id is
    /// kept when the rail's answer to the request was lost: reconciliation matches its statement lines by it.
    /// </summary>
    public IReadOnlyList<object> OnPayoutResult(PaymentOrderRow order, bool succeeded, string? failureCode, string? payoutId)
    {
        if (order.Status is not (PaymentStatuses.PayingOut or PaymentStatuses.AwaitingPayout)) return [];
        order.ChannelObjectId ??= payoutId;
        clock.Record(order, succeeded ? "paid_out" : "payout_failed", failureCode);
        return succeeded ? Post(order) : Void(order, FailureReasons.PayoutFailed, failureCode);
    }

    public IReadOnlyList<object> OnPostResult(PaymentOrderRow order, bool succeeded, string ledgerStatus)
    {
        if (order.Status != PaymentStatuses.Posting) return [];
        if (succeeded)
        {
            clock.Complete(order);
            return [];
        }
        // The rail has paid a withdrawal out already: voiding would give the customer the money twice. The hold stays
        // for an operator, and reconciliation reports the payout as settled but not booked.
        if (PaymentKinds.PaysOut(order.Kind))
        {
            clock.Fail(order, FailureReasons.LedgerRejected, $"{ledgerStatus}; paid out, hold kept for an operator");
            return [];
        }
        // An expired or already released hold has given the money back: there is nothing left to void.
        if (ledgerStatus is "pending_transfer_expired" or "pending_transfer_already_voided")
        {
            clock.Fail(order, FailureReasons.HoldExpired, ledgerStatus);
            return [];
        }
        return Void(order, FailureReasons.LedgerRejected, ledgerStatus);
    }

    public IReadOnlyList<object> OnVoidResult(PaymentOrderRow order, bool succeeded, string ledgerStatus)
    {
        if (order.Status != PaymentStatuses.Voiding) return [];
        clock.Fail(order, order.FailureReason ?? FailureReasons.LedgerRejected, succeeded ? null : ledgerStatus);
        return [];
    }

    /// <summary>
    /// The deadline passed: resend what is still unanswered (unless replies are merely slow, <see cref="SagaClock.TryResend"/>),
    /// or stop waiting for a review. Steps that talk to a payout
    /// rail over HTTP are driven by <see cref="Sagas.OrderDeadlines"/>, which calls back here with the outcome.
    /// </summary>
    public IReadOnlyList<object> OnDeadline(PaymentOrderRow order)
    {
        switch (order.Status)
        {
            case PaymentStatuses.InReview:
                return Void(order, FailureReasons.ReviewTimeout, null);
            case PaymentStatuses.Accepted:
                return clock.TryResend(order) ? [.. Unanswered(order)] : [];
            case PaymentStatuses.Posting:
                return clock.TryResend(order) ? [new PostLedgerHold(order.PostTransferId, order.Id, null, Reference(order))] : [];
            case PaymentStatuses.Voiding:
                return clock.TryResend(order) ? [new VoidLedgerHold(order.VoidTransferId, order.Id, Reference(order))] : [];
            default:
                return [];
        }
    }

    private IEnumerable<object> Unanswered(PaymentOrderRow order)
    {
        if (order.HoldStatus == HoldStatuses.Pending) yield return PlaceHold(order);
        if (order.RiskOutcome is null) yield return Screen(order);
    }

    private IReadOnlyList<object> Advance(PaymentOrderRow order)
    {
        if (order.Status is not (PaymentStatuses.Accepted or PaymentStatuses.InReview) || order.HoldStatus != HoldStatuses.Placed)
        {
            return [];
        }
        switch (order.RiskOutcome)
        {
            case RiskOutcomes.Approve when PaymentKinds.PaysOut(order.Kind):
                // Due at once: the deadline sweeper makes the HTTP call to the rail outside any message handler.
                clock.Enter(order, PaymentStatuses.PayingOut, "paying_out", TimeSpan.Zero);
                return [];
            case RiskOutcomes.Approve:
                return Post(order);
            case RiskOutcomes.Decline:
                return Void(order, order.FailureReason ?? FailureReasons.RiskDeclined, null);
            case RiskOutcomes.Review when order.Status == PaymentStatuses.Accepted:
                clock.Enter(order, PaymentStatuses.InReview, "in_review", clock.Settings.ReviewTimeout);
                return [];
            default:
                return [];
        }
    }

    private IReadOnlyList<object> Post(PaymentOrderRow order)
    {
        clock.Enter(order, PaymentStatuses.Posting, "posting");
        return [new PostLedgerHold(order.PostTransferId, order.Id, null, Reference(order))];
    }

    private IReadOnlyList<object> Void(PaymentOrderRow order, string reason, string? detail)
    {
        order.FailureReason = reason;
        clock.Enter(order, PaymentStatuses.Voiding, "voiding", detail: detail ?? reason);
        return [new VoidLedgerHold(order.VoidTransferId, order.Id, Reference(order))];
    }

    private PlaceLedgerHold PlaceHold(PaymentOrderRow order) => order.Kind switch
    {
        PaymentKinds.Withdrawal => new(order.Id, LedgerAccounts.Wallet(order.CustomerId), LedgerAccounts.House(LedgerAccounts.BankTransferSettlement),
            order.AmountMinor, order.Currency, LedgerAccounts.WithdrawalCode, NeverExpires, Reference(order)),
        // The partner's money is already with Jade in partner settlement; it leaves through the same rail as withdrawals.
        PaymentKinds.PartnerPayout => new(order.Id, LedgerAccounts.House(LedgerAccounts.PartnerBankSettlement),
            LedgerAccounts.House(LedgerAccounts.BankTransferSettlement), order.AmountMinor, order.Currency, LedgerAccounts.PartnerPayoutCode,
            NeverExpires, Reference(order)),
        _ => new(order.Id, LedgerAccounts.Wallet(order.CustomerId), LedgerAccounts.Wallet(order.CounterpartyId!.Value), order.AmountMinor,
            order.Currency, LedgerAccounts.PeerToPeerCode, HoldSeconds, Reference(order)),
    };

    // A payout can succeed at the rail at any moment after it was requested, so a withdrawal's hold must not lapse on its
    // own: only the rail's outcome may release it.
    private const uint NeverExpires = 0;

    private uint HoldSeconds => (uint)(clock.Settings.ReviewTimeout + clock.Settings.HoldMargin).TotalSeconds;

    // Risk knows a payout to a card as a withdrawal, whoever asked for it: the beneficiary is screened against sanctions.
    private static ScreenTransaction Screen(PaymentOrderRow order) => new(
        order.Id, order.Kind == PaymentKinds.PartnerPayout ? PaymentKinds.Withdrawal : order.Kind, order.AmountMinor, order.Currency, order.CustomerId, order.CounterpartyId, order.PayeeName, order.Channel,
        order.DeviceId, order.IpAddress, order.CreatedAt);

    internal static string Reference(PaymentOrderRow order) => order.Id.ToString("D");
}

public static class RiskOutcomes
{
    public const string Approve = "approve";
    public const string Review = "review";
    public const string Decline = "decline";
}
