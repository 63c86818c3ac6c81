using System.Linq.Expressions;
using Jade.Payments.Orders;

namespace Jade.Payments.Partners;

/// <summary>
/// An order's status as ISO 20022 payment status reports (pain.002) name it for a partner, and the same mapping as
/// database predicates, so a list filtered by status holds exactly the orders a status report would give that status.
/// </summary>
public static class PartnerStatuses
{
    /// <summary>Accepted after validation: screening, review or the first ledger step still to come.</summary>
    public const string Accepted = "ACTC";
    /// <summary>Settlement in process: for a payout from approval until the rail confirms; posting for a credit.</summary>
    public const string SettlementInProcess = "ACSP";
    /// <summary>Settled: in the customer's wallet, or paid to the card.</summary>
    public const string Settled = "ACSC";
    public const string Rejected = "RJCT";
    /// <summary>Cancelled by the partner before it was executed (camt.056 accepted).</summary>
    public const string Cancelled = "CANC";

    public static readonly string[] All = [Accepted, SettlementInProcess, Settled, Rejected, Cancelled];

    private static readonly string[] InSettlement = [PaymentStatuses.Posting, PaymentStatuses.PayingOut, PaymentStatuses.AwaitingPayout];

    /// <summary>The status and reason code a partner sees for an order.</summary>
    public static (string Status, string? Reason) Of(PaymentOrderRow o) => o switch
    {
        { FailureReason: FailureReasons.CancelledByPayer } => (Cancelled, o.CancellationReason),
        { Status: PaymentStatuses.Completed } => (Settled, null),
        // A void only ever ends in failed, so it reports the rejection it is heading for rather than stepping back to ACTC.
        // RR04 regulatory reason: the risk or sanctions screening refused it.
        { Status: PaymentStatuses.Failed or PaymentStatuses.Voiding } => (Rejected, o.FailureReason switch
        {
            FailureReasons.RiskDeclined or FailureReasons.ReviewDeclined => "RR04",
            FailureReasons.PayoutFailed => "AC04",
            _ => "NARR",
        }),
        _ when InSettlement.Contains(o.Status) => (SettlementInProcess, null),
        _ => (Accepted, null),
    };

    /// <summary>
    /// The orders <see cref="Of"/> gives <paramref name="status"/>, as a predicate the database evaluates. EF Core keeps
    /// C#'s null semantics, so <c>FailureReason != …</c> also holds where there is no failure reason.
    /// </summary>
    public static Expression<Func<PaymentOrderRow, bool>> Having(string status) => status switch
    {
        Cancelled => o => o.FailureReason == FailureReasons.CancelledByPayer,
        Settled => o => o.Status == PaymentStatuses.Completed && o.FailureReason != FailureReasons.CancelledByPayer,
        Rejected => o => (o.Status == PaymentStatuses.Failed || o.Status == PaymentStatuses.Voiding) && o.FailureReason != FailureReasons.CancelledByPayer,
        SettlementInProcess => o => InSettlement.Contains(o.Status) && o.FailureReason != FailureReasons.CancelledByPayer,
        Accepted => o => o.Status != PaymentStatuses.Completed && o.Status != PaymentStatuses.Failed && o.Status != PaymentStatuses.Voiding
            && !InSettlement.Contains(o.Status)
            && o.FailureReason != FailureReasons.CancelledByPayer,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a partner payment status."),
    };
}
