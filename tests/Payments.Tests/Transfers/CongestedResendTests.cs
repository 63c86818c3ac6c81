using Jade.Contracts.Ledger;
using Jade.Contracts.Risk;
using Jade.Payments.HeldPayments;
using Jade.Payments.Orders;
using Jade.Payments.Sagas;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Jade.Payments.Tests.Transfers;

/// <summary>
/// A step past its deadline is sent again only when that can help: not while replies are still arriving but slowly (a
/// resend would queue a duplicate behind the original and deepen the congestion), and at the latest once the step has
/// waited the longest resend interval.
/// </summary>
public sealed class CongestedResendTests
{
    private readonly SagaOptions _options = new() { StepTimeout = TimeSpan.FromSeconds(30), MaxResendInterval = TimeSpan.FromMinutes(10) };
    private FakeTimeProvider _time = null!;
    private SagaReplyLag _lag = null!;
    private HeldPaymentSaga _saga = null!;

    [SetUp]
    public void NewSaga()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        _lag = new SagaReplyLag(_time);
        _saga = new HeldPaymentSaga(new SagaClock(Options.Create(_options), _time, _lag));
    }

    private PaymentOrderRow NewOrder() => TestOrders.PeerToPeer(_time.GetUtcNow());

    /// <summary>Another order's reply arrives now, <paramref name="after"/> its step began.</summary>
    private void ReplyArrives(TimeSpan after)
    {
        var other = NewOrder();
        other.UpdatedAt = _time.GetUtcNow() - after;
        _lag.Observe(other);
    }

    [Test]
    public void While_replies_take_half_the_step_timeout_or_more_an_unanswered_step_waits_instead_of_being_sent_again()
    {
        var order = NewOrder();
        _saga.Start(order);
        _time.Advance(TimeSpan.FromSeconds(30));
        ReplyArrives(after: TimeSpan.FromSeconds(15));

        var commands = _saga.OnDeadline(order);

        Assert.Multiple(() =>
        {
            Assert.That(commands, Is.Empty);
            Assert.That(order.Resends, Is.Zero);
            Assert.That(order.Deadline, Is.EqualTo(_time.GetUtcNow() + _options.StepTimeout));
            Assert.That(order.Timeline.Select(e => e.Step), Is.EqualTo(new[] { "accepted" }), "waiting writes no history");
        });
    }

    [Test]
    public void With_replies_arriving_quickly_a_missing_one_is_taken_as_lost_and_its_step_sent_again()
    {
        var order = NewOrder();
        _saga.Start(order);
        _time.Advance(TimeSpan.FromSeconds(30));
        ReplyArrives(after: TimeSpan.FromSeconds(14));

        var commands = _saga.OnDeadline(order);

        Assert.That(commands.Select(c => c.GetType()), Is.EquivalentTo(new[] { typeof(PlaceLedgerHold), typeof(ScreenTransaction) }));
        Assert.That(order.Resends, Is.EqualTo(1));
    }

    [Test]
    public void Slow_replies_from_over_a_minute_ago_no_longer_hold_a_step_back()
    {
        var order = NewOrder();
        _saga.Start(order);
        ReplyArrives(after: TimeSpan.FromSeconds(40));
        _time.Advance(TimeSpan.FromSeconds(SagaReplyLag.WindowSeconds));

        var commands = _saga.OnDeadline(order);

        Assert.That(commands, Is.Not.Empty, "no reply in the last minute: nothing says the step is merely queued");
    }

    [Test]
    public void A_step_waits_for_slow_replies_at_most_the_longest_resend_interval_then_is_sent_again()
    {
        var order = NewOrder();
        _saga.Start(order);
        _saga.OnHoldResult(order, true, "created");
        _saga.OnScreened(order, new TransactionScreened(order.Id, Guid.CreateVersion7(), RiskOutcomes.Approve, 10, [], null));
        Assert.That(order.Status, Is.EqualTo(PaymentStatuses.Posting));

        var waits = 0;
        IReadOnlyList<object> commands = [];
        while (commands.Count == 0 && waits < 100)
        {
            _time.Advance(order.Deadline!.Value - _time.GetUtcNow());
            ReplyArrives(after: TimeSpan.FromMinutes(1));
            commands = _saga.OnDeadline(order);
            waits++;
        }

        Assert.Multiple(() =>
        {
            Assert.That(commands.OfType<PostLedgerHold>().Single().HoldId, Is.EqualTo(order.Id));
            Assert.That(waits, Is.EqualTo(20), "30 s at a time until 10 minutes have passed since posting began");
        });
    }

    [Test]
    public void The_lag_is_the_longest_of_the_last_minute_and_none_without_replies()
    {
        Assert.That(_lag.RecentLongest(), Is.Null);

        ReplyArrives(after: TimeSpan.FromSeconds(3));
        _time.Advance(TimeSpan.FromSeconds(20));
        ReplyArrives(after: TimeSpan.FromSeconds(12));
        ReplyArrives(after: TimeSpan.FromSeconds(5));
        var both = _lag.RecentLongest();
        _time.Advance(TimeSpan.FromSeconds(45));
        var laterOnly = _lag.RecentLongest();
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.Multiple(() =>
        {
            Assert.That(both, Is.EqualTo(TimeSpan.FromSeconds(12)));
            Assert.That(laterOnly, Is.EqualTo(TimeSpan.FromSeconds(12)), "the 12 s reply is 45 s old, the 3 s one 65 s");
            Assert.That(_lag.RecentLongest(), Is.Null);
        });
    }
}
