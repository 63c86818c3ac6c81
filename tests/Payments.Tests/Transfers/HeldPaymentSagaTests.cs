using Jade.Contracts.Ledger;
using Jade.Contracts.Risk;
using Jade.Payments.Orders;
using Jade.Payments.HeldPayments;
using Jade.Payments.Sagas;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Jade.Payments.Tests.Transfers;

/// <summary>The saga's transitions without IO: replies in any order, twice, or never.</summary>
public sealed class HeldPaymentSagaTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    private readonly SagaOptions _options = new() { StepTimeout = TimeSpan.FromSeconds(30), ReviewTimeout = TimeSpan.FromHours(24) };
    private HeldPaymentSaga Saga => new(new SagaClock(Options.Create(_options), _time));

    private PaymentOrderRow NewOrder() => TestOrders.PeerToPeer(_time.GetUtcNow());

    private static TransactionScreened Screened(PaymentOrderRow o, string outcome) => new(o.Id, Guid.CreateVersion7(), outcome, 10, [], null);

    [Test]
    public void Starting_holds_and_screens_at_once_with_the_orders_own_ids()
    {
        var order = NewOrder();

        var commands = Saga.Start(order);

        var hold = commands.OfType<PlaceLedgerHold>().Single();
        var screen = commands.OfType<ScreenTransaction>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(hold.TransferId, Is.EqualTo(order.Id));
            Assert.That(hold.DebitAccountId, Is.EqualTo(LedgerAccounts.Wallet(order.CustomerId)));
            Assert.That(hold.CreditAccountId, Is.EqualTo(LedgerAccounts.Wallet(order.CounterpartyId!.Value)));
            Assert.That(hold.TimeoutSeconds, Is.EqualTo((uint)(26 * 3600)), "the ledger releases the money even if payments never comes back");
            Assert.That(screen.TransactionId, Is.EqualTo(order.Id));
            Assert.That(order.Deadline, Is.EqualTo(_time.GetUtcNow() + _options.StepTimeout));
        });
    }

    [Test]
    public void The_screening_may_arrive_before_the_hold_and_the_post_waits_for_both()
    {
        var saga = Saga;
        var order = NewOrder();
        saga.Start(order);

        var afterScreening = saga.OnScreened(order, Screened(order, RiskOutcomes.Approve));
        var afterHold = saga.OnHoldResult(order, true, "created");

        Assert.Multiple(() =>
        {
            Assert.That(afterScreening, Is.Empty);
            Assert.That(afterHold.OfType<PostLedgerHold>().Single().TransferId, Is.EqualTo(order.PostTransferId));
            Assert.That(order.Status, Is.EqualTo(PaymentStatuses.Posting));
        });
    }

    [Test]
    public void Replies_delivered_twice_change_nothing_the_second_time()
    {
        var saga = Saga;
        var order = NewOrder();
        saga.Start(order);
        saga.OnHoldResult(order, true, "created");
        saga.OnScreened(order, Screened(order, RiskOutcomes.Approve));
        saga.OnPostResult(order, true, "created");
        var steps = order.Timeline.Count;

        var again = saga.OnHoldResult(order, true, "exists")
            .Concat(saga.OnScreened(order, Screened(order, RiskOutcomes.Decline)))
            .Concat(saga.OnPostResult(order, true, "exists"))
            .Concat(saga.OnCaseResolved(order, "decline"));

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.Empty);
            Assert.That(order.Status, Is.EqualTo(PaymentStatuses.Completed));
            Assert.That(order.Timeline, Has.Count.EqualTo(steps));
        });
    }

    [Test]
    public void A_decline_that_arrives_before_the_hold_voids_the_hold_once_it_exists()
    {
        var saga = Saga;
        var order = NewOrder();
        saga.Start(order);

        saga.OnScreened(order, Screened(order, RiskOutcomes.Decline));
        var commands = saga.OnHoldResult(order, true, "created");
        saga.OnVoidResult(order, true, "created");

        Assert.Multiple(() =>
        {
            Assert.That(commands.OfType<VoidLedgerHold>().Single().HoldId, Is.EqualTo(order.Id));
            Assert.That(order.Status, Is.EqualTo(PaymentStatuses.Failed));
            Assert.That(order.FailureReason, Is.EqualTo(FailureReasons.RiskDeclined));
        });
    }

    [Test]
    public void A_hold_that_expired_before_the_post_fails_the_payment_without_a_void()
    {
        var saga = Saga;
        var order = NewOrder();
        saga.Start(order);
        saga.OnHoldResult(order, true, "created");
        saga.OnScreened(order, Screened(order, RiskOutcomes.Approve));

        var commands = saga.OnPostResult(order, false, "pending_transfer_expired");

        Assert.That(commands, Is.Empty);
        Assert.That((order.Status, order.FailureReason), Is.EqualTo((PaymentStatuses.Failed, FailureReasons.HoldExpired)));
    }

    [Test]
    public void A_post_the_ledger_refuses_for_another_reason_releases_the_hold()
    {
        var saga = Saga;
        var order = NewOrder();
        saga.Start(order);
        saga.OnHoldResult(order, true, "created");
        saga.OnScreened(order, Screened(order, RiskOutcomes.Approve));

        var commands = saga.OnPostResult(order, false, "exceeds_debits");

        Assert.That(commands.OfType<VoidLedgerHold>(), Has.Exactly(1).Items);
        Assert.That((order.Status, order.FailureReason), Is.EqualTo((PaymentStatuses.Voiding, FailureReasons.LedgerRejected)));
    }

    [Test]
    public void Unanswered_steps_are_sent_again_with_a_growing_wait()
    {
        var saga = Saga;
        var order = NewOrder();
        saga.Start(order);
        saga.OnScreened(order, Screened(order, RiskOutcomes.Approve));

        _time.Advance(TimeSpan.FromSeconds(31));
        var first = saga.OnDeadline(order);
        var firstWait = order.Deadline - _time.GetUtcNow();
        _time.Advance(firstWait!.Value);
        saga.OnDeadline(order);
        var secondWait = order.Deadline - _time.GetUtcNow();

        Assert.Multiple(() =>
        {
            Assert.That(first.Select(c => c.GetType()), Is.EqualTo(new[] { typeof(PlaceLedgerHold) }), "the screening already answered");
            Assert.That(secondWait, Is.GreaterThan(firstWait));
            Assert.That(order.Status, Is.EqualTo(PaymentStatuses.Accepted));
        });
    }

    [TestCase("approve", PaymentStatuses.Posting)]
    [TestCase("decline", PaymentStatuses.Voiding)]
    public void An_officers_decision_that_overtakes_the_screening_reply_is_acted_on(string decision, string status)
    {
        var saga = Saga;
        var order = NewOrder();
        saga.Start(order);
        saga.OnHoldResult(order, true, "created");

        var decided = saga.OnCaseResolved(order, decision);
        var late = saga.OnScreened(order, Screened(order, RiskOutcomes.Review));

        Assert.Multiple(() =>
        {
            Assert.That(order.Status, Is.EqualTo(status), "not left in review until the 24 h timeout");
            Assert.That(decided, Has.Exactly(1).Items.InstanceOf(decision == "approve" ? typeof(PostLedgerHold) : typeof(VoidLedgerHold)));
            Assert.That(late, Is.Empty);
        });
    }

    [Test]
    public void A_decision_for_a_payment_risk_already_approved_outright_changes_nothing()
    {
        var saga = Saga;
        var order = NewOrder();
        saga.Start(order);
        saga.OnScreened(order, Screened(order, RiskOutcomes.Approve));

        var decided = saga.OnCaseResolved(order, "decline");

        Assert.Multiple(() =>
        {
            Assert.That(decided, Is.Empty);
            Assert.That(order.RiskOutcome, Is.EqualTo(RiskOutcomes.Approve));
        });
    }

    [Test]
    public void A_review_past_its_deadline_is_voided_as_timed_out()
    {
        var saga = Saga;
        var order = NewOrder();
        saga.Start(order);
        saga.OnHoldResult(order, true, "created");
        saga.OnScreened(order, Screened(order, RiskOutcomes.Review));
        Assert.That(order.Deadline, Is.EqualTo(_time.GetUtcNow() + _options.ReviewTimeout));

        _time.Advance(_options.ReviewTimeout);
        var commands = saga.OnDeadline(order);
        var late = saga.OnCaseResolved(order, "approve");

        Assert.Multiple(() =>
        {
            Assert.That(commands.OfType<VoidLedgerHold>(), Has.Exactly(1).Items);
            Assert.That(late, Is.Empty, "an approval after the timeout comes too late");
            Assert.That((order.Status, order.FailureReason), Is.EqualTo((PaymentStatuses.Voiding, FailureReasons.ReviewTimeout)));
        });
    }

    [Test]
    public void A_failed_hold_fails_the_payment_and_a_later_screening_changes_nothing()
    {
        var saga = Saga;
        var order = NewOrder();
        saga.Start(order);

        saga.OnHoldResult(order, false, "exceeds_credits");
        var later = saga.OnScreened(order, Screened(order, RiskOutcomes.Approve));

        Assert.Multiple(() =>
        {
            Assert.That(later, Is.Empty);
            Assert.That((order.Status, order.FailureReason), Is.EqualTo((PaymentStatuses.Failed, FailureReasons.InsufficientFunds)));
            Assert.That(order.Deadline, Is.Null);
        });
    }
}
