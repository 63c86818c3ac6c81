using System.Reflection;
using Jade.Payments.Orders;
using Jade.Payments.Partners;

namespace Jade.Payments.Tests.Partners;

/// <summary>
/// A list filtered by an ISO status must hold exactly the payments whose status report says that status: the mapping
/// and the database predicates are two spellings of one rule, checked here against each other for every order state.
/// </summary>
public sealed class PartnerStatusTests
{
    private static IEnumerable<string?> FailureReasonValues() =>
        typeof(FailureReasons).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string?)f.GetValue(null)).Append(null);

    private static IEnumerable<PaymentOrderRow> EveryOrderState() =>
        from status in PaymentStatuses.All
        from reason in FailureReasonValues()
        select new PaymentOrderRow
        {
            Kind = PaymentKinds.PartnerPayout, PayerLabel = "Partner bank p", PayeeLabel = "6200 00** **** 0005", Currency = "CNY",
            Channel = "partner", Status = status, FailureReason = reason, CancellationReason = "DUPL",
        };

    [Test]
    public void Every_order_state_passes_exactly_the_filter_of_the_status_it_reports()
    {
        var filters = PartnerStatuses.All.ToDictionary(s => s, s => PartnerStatuses.Having(s).Compile());

        Assert.Multiple(() =>
        {
            foreach (var order in EveryOrderState())
            {
                var reported = PartnerStatuses.Of(order).Status;
                var passing = filters.Where(f => f.Value(order)).Select(f => f.Key).ToList();
                Assert.That(passing, Is.EqualTo(new[] { reported }), $"{order.Status} / {order.FailureReason ?? "no reason"}");
            }
        });
    }

    [TestCase(PaymentStatuses.Completed, null, "ACSC", null)]
    [TestCase(PaymentStatuses.AwaitingPayout, null, "ACSP", null)]
    [TestCase(PaymentStatuses.InReview, null, "ACTC", null)]
    [TestCase(PaymentStatuses.Failed, FailureReasons.ReviewDeclined, "RJCT", "RR04")]
    [TestCase(PaymentStatuses.Failed, FailureReasons.PayoutFailed, "RJCT", "AC04")]
    [TestCase(PaymentStatuses.Failed, FailureReasons.LedgerRejected, "RJCT", "NARR")]
    [TestCase(PaymentStatuses.Voiding, FailureReasons.PayoutFailed, "RJCT", "AC04")]
    [TestCase(PaymentStatuses.Voiding, FailureReasons.CancelledByPayer, "CANC", "DUPL")]
    [TestCase(PaymentStatuses.Failed, FailureReasons.CancelledByPayer, "CANC", "DUPL")]
    public void Golden_statuses(string status, string? failureReason, string iso, string? reason)
    {
        var order = EveryOrderState().First(o => o.Status == status && o.FailureReason == failureReason);

        Assert.That(PartnerStatuses.Of(order), Is.EqualTo((iso, reason)));
    }
}
