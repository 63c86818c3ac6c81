using Jade.Contracts.Ledger;
using Jade.Contracts.Risk;
using Jade.Payments.Orders;
using Microsoft.Extensions.Options;

namespace Jade.Payments.Transfers;

/// <summary>
/// The P2P transfer saga, as pure transitions on the order row: each method takes what arrived, changes the order and
/// returns the commands to send (which the caller writes to the outbox in the same transaction).
///
/// Hold and screening start together, so the customer waits for the slower of the two, not their sum. The hold is the
/// first step that touches money; from then on every way out of the saga releases it (void) unless it is posted.
/// Replies that arrive twice or late find the step already taken and change nothing.
/// </summary>
public sealed class PeerToPeerSaga(IOptions<SagaOptions> options, TimeProvider time)
{
    private SagaOptions Settings => options.Value;

    public IReadOnlyList<object> Start(PaymentOrderRow order)
    {
        Record(order, "accepted", null);
        order.Status = PaymentStatuses.Accepted;
        order.Deadline = time.GetUtcNow() + Settings.StepTimeout;
        return [PlaceHold(order), Screen(order)];
    }

    public IReadOnlyList<object> OnHoldResult(PaymentOrderRow order, bool succeeded, string ledgerStatus)
    {
        if (order.HoldStatus != HoldStatuses.Pending || order.IsFinal) return [];
        if (!succeeded)
        {
            order.HoldStatus = HoldStatuses.Failed;
            Fail(order, ledgerStatus == "exceeds_credits" ? FailureReasons.InsufficientFunds : FailureReasons.LedgerRejected, ledgerStatus);
            return [];
        }
        order.HoldStatus = HoldStatuses.Placed;
        Record(order, "funds_held", null);
        return Advance(order);
    }

    public IReadOnlyList<object> OnScreened(PaymentOrderRow order, TransactionScreened screened)
    {
        if (order.RiskOutcome is not null || order.IsFinal) return [];
        order.RiskOutcome = screened.Outcome;
        order.RiskScore = screened.Score;
        order.RiskReasons = [.. screened.Reasons];
        order.RiskCaseId = screened.CaseId;
        Record(order, "screened", screened.Outcome);
        return Advance(order);
    }

    public IReadOnlyList<object> OnCaseResolved(PaymentOrderRow order, string resolution)
    {
        if (order.RiskOutcome != RiskOutcomes.Review || order.IsFinal) return [];
        var approved = resolution == RiskOutcomes.Approve;
        order.RiskOutcome = approved ? RiskOutcomes.Approve : RiskOutcomes.Decline;
        if (!approved) order.FailureReason = FailureReasons.ReviewDeclined;
        Record(order, approved ? "review_approved" : "review_declined", null);
        return Advance(order);
    }

    public IReadOnlyList<object> OnPostResult(PaymentOrderRow order, bool succeeded, string ledgerStatus)
    {
        if (order.Status != PaymentStatuses.Posting) return [];
        if (succeeded)
        {
            order.Status = PaymentStatuses.Completed;
            order.CompletedAt = time.GetUtcNow();
            order.Deadline = null;
            Record(order, "completed", null);
            return [];
        }
        // An expired or already released hold has given the money back: there is nothing left to void.
        if (ledgerStatus is "pending_transfer_expired" or "pending_transfer_already_voided")
        {
            Fail(order, FailureReasons.HoldExpired, ledgerStatus);
            return [];
        }
        return Void(order, FailureReasons.LedgerRejected, ledgerStatus);
    }

    public IReadOnlyList<object> OnVoidResult(PaymentOrderRow order, bool succeeded, string ledgerStatus)
    {
        if (order.Status != PaymentStatuses.Voiding) return [];
        Fail(order, order.FailureReason ?? FailureReasons.LedgerRejected, succeeded ? null : ledgerStatus);
        return [];
    }

    /// <summary>The deadline passed: resend what is still unanswered, or stop waiting for a review.</summary>
    public IReadOnlyList<object> OnDeadline(PaymentOrderRow order)
    {
        switch (order.Status)
        {
            case PaymentStatuses.InReview:
                return Void(order, FailureReasons.ReviewTimeout, null);
            case PaymentStatuses.Accepted:
                Backoff(order);
                return [.. Pending(order)];
            case PaymentStatuses.Posting:
                Backoff(order);
                return [new PostLedgerHold(order.PostTransferId, order.Id, null, Reference(order))];
            case PaymentStatuses.Voiding:
                Backoff(order);
                return [new VoidLedgerHold(order.VoidTransferId, order.Id, Reference(order))];
            default:
                order.Deadline = null;
                return [];
        }
    }

    private IEnumerable<object> Pending(PaymentOrderRow order)
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
            case RiskOutcomes.Approve:
                order.Status = PaymentStatuses.Posting;
                order.Deadline = time.GetUtcNow() + Settings.StepTimeout;
                order.Resends = 0;
                Record(order, "posting", null);
                return [new PostLedgerHold(order.PostTransferId, order.Id, null, Reference(order))];
            case RiskOutcomes.Decline:
                return Void(order, order.FailureReason ?? FailureReasons.RiskDeclined, null);
            case RiskOutcomes.Review when order.Status == PaymentStatuses.Accepted:
                order.Status = PaymentStatuses.InReview;
                order.Deadline = time.GetUtcNow() + Settings.ReviewTimeout;
                Record(order, "in_review", null);
                return [];
            default:
                return [];
        }
    }

    private IReadOnlyList<object> Void(PaymentOrderRow order, string reason, string? detail)
    {
        order.Status = PaymentStatuses.Voiding;
        order.FailureReason = reason;
        order.Deadline = time.GetUtcNow() + Settings.StepTimeout;
        order.Resends = 0;
        Record(order, "voiding", detail ?? reason);
        return [new VoidLedgerHold(order.VoidTransferId, order.Id, Reference(order))];
    }

    private void Fail(PaymentOrderRow order, string reason, string? detail)
    {
        order.Status = PaymentStatuses.Failed;
        order.FailureReason = reason;
        order.Deadline = null;
        Record(order, "failed", detail is null ? reason : $"{reason}: {detail}");
    }

    private void Backoff(PaymentOrderRow order)
    {
        order.Resends++;
        var wait = Settings.StepTimeout * Math.Pow(2, Math.Min(order.Resends, 10));
        order.Deadline = time.GetUtcNow() + (wait < Settings.MaxResendInterval ? wait : Settings.MaxResendInterval);
        Record(order, "resent", $"attempt {order.Resends + 1}");
    }

    private void Record(PaymentOrderRow order, string step, string? detail)
    {
        var now = time.GetUtcNow();
        order.UpdatedAt = now;
        order.Timeline.Add(new PaymentEventRow { OrderId = order.Id, Step = step, Detail = detail, At = now });
    }

    private PlaceLedgerHold PlaceHold(PaymentOrderRow order) => new(
        order.Id, LedgerAccounts.Wallet(order.CustomerId), LedgerAccounts.Wallet(order.CounterpartyId!.Value), order.AmountMinor,
        order.Currency, LedgerAccounts.PeerToPeerCode, (uint)(Settings.ReviewTimeout + Settings.HoldMargin).TotalSeconds, Reference(order));

    private static ScreenTransaction Screen(PaymentOrderRow order) => new(
        order.Id, order.Kind, order.AmountMinor, order.Currency, order.CustomerId, order.CounterpartyId, null, order.Channel,
        order.DeviceId, order.IpAddress, order.CreatedAt);

    private static string Reference(PaymentOrderRow order) => order.Id.ToString("D");
}

public static class RiskOutcomes
{
    public const string Approve = "approve";
    public const string Review = "review";
    public const string Decline = "decline";
}
