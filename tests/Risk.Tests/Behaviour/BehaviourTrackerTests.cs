using Jade.Risk.Behaviour;
using Jade.Risk.Screening;

namespace Jade.Risk.Tests.Behaviour;

public sealed class BehaviourTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Alice = new("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Bob = new("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid Carol = new("00000000-0000-0000-0000-00000000000c");

    private static ScreeningTransaction Tx(Guid payer, Guid? payee, long amount, DateTimeOffset at, string device = "dev-1",
        string type = TransactionTypes.P2P, string ip = "10.0.0.1") =>
        new(Guid.NewGuid(), type, amount, "CNY", payer, payee, null, "app", device, ip, at);

    [Test]
    public void An_event_exactly_a_window_old_is_outside_it_and_one_tick_younger_is_inside()
    {
        var tracker = new BehaviourTracker();
        tracker.Record(Tx(Alice, Bob, 100, T0));

        var exactlyAnHour = tracker.Snapshot(Tx(Alice, Bob, 1, T0.AddHours(1)));
        var justUnder = tracker.Snapshot(Tx(Alice, Bob, 1, T0.AddHours(1).AddTicks(-1)));

        Assert.That(exactlyAnHour.Payer.Count(VelocityWindow.OneHour), Is.Zero);
        Assert.That(exactlyAnHour.Payer.Count(VelocityWindow.TwentyFourHours), Is.EqualTo(1));
        Assert.That(justUnder.Payer.Count(VelocityWindow.OneHour), Is.EqualTo(1));
        Assert.That(justUnder.Payer.Sum(VelocityWindow.OneHour), Is.EqualTo(100));
        Assert.That(justUnder.Payer.Count(VelocityWindow.OneMinute), Is.Zero);
    }

    [TestCase(VelocityWindow.OneMinute)]
    [TestCase(VelocityWindow.OneHour)]
    [TestCase(VelocityWindow.TwentyFourHours)]
    [TestCase(VelocityWindow.SevenDays)]
    public void Every_window_ends_at_the_same_boundary_convention(VelocityWindow window)
    {
        var tracker = new BehaviourTracker();
        tracker.Record(Tx(Alice, Bob, 250, T0));
        var length = window.Length();

        // Inside first: pruning on access is final, so a query at the later instant forgets the week-old event.
        Assert.That(tracker.Snapshot(Tx(Alice, Bob, 1, T0 + length - TimeSpan.FromTicks(1))).Payer.Sum(window), Is.EqualTo(250));
        Assert.That(tracker.Snapshot(Tx(Alice, Bob, 1, T0 + length - TimeSpan.FromTicks(1))).Payee.Sum(window), Is.EqualTo(250));
        Assert.That(tracker.Snapshot(Tx(Alice, Bob, 1, T0 + length)).Payer.Count(window), Is.Zero);
        Assert.That(tracker.Snapshot(Tx(Alice, Bob, 1, T0 + length)).Payee.Count(window), Is.Zero);
    }

    [Test]
    public void Windows_count_and_sum_each_span_separately()
    {
        var tracker = new BehaviourTracker();
        tracker.Record(Tx(Alice, Bob, 1, T0.AddDays(-3)));
        tracker.Record(Tx(Alice, Bob, 10, T0.AddHours(-5)));
        tracker.Record(Tx(Alice, Bob, 100, T0.AddMinutes(-30)));
        tracker.Record(Tx(Alice, Bob, 1000, T0.AddSeconds(-10)));

        var stats = tracker.Snapshot(Tx(Alice, Bob, 5, T0)).Payer;

        Assert.That(stats, Is.EqualTo(new WindowStats(1, 1000, 2, 1100, 3, 1110, 4, 1111)));
    }

    [Test]
    public void Events_older_than_seven_days_are_pruned_and_lists_keep_only_24_hours()
    {
        var tracker = new BehaviourTracker();
        tracker.Record(Tx(Alice, Bob, 500, T0));
        tracker.Record(Tx(Bob, Alice, 70, T0.AddDays(6)));

        var later = tracker.Snapshot(Tx(Alice, Carol, 1, T0.AddDays(7)));
        var withinDay = tracker.Snapshot(Tx(Alice, Carol, 1, T0.AddDays(6).AddHours(23)));

        Assert.That(later.Payer.Count7d, Is.Zero);
        Assert.That(later.PayerOutgoing24h, Is.Empty);
        Assert.That(later.SecondsSinceLastPayerTransaction, Is.EqualTo(TimeSpan.FromDays(7).TotalSeconds),
            "the last-transaction time outlives the pruned event");
        Assert.That(withinDay.PayerIncoming24h, Is.EqualTo(new[] { new FlowEvent(T0.AddDays(6), 70, Bob, TransactionTypes.P2P) }));
        Assert.That(withinDay.PayerIncoming.Count24h, Is.EqualTo(1));
    }

    [Test]
    public void A_snapshot_is_the_state_before_the_transaction_and_records_nothing()
    {
        var tracker = new BehaviourTracker();
        var tx = Tx(Alice, Bob, 100, T0);

        var first = tracker.Snapshot(tx);
        var again = tracker.Snapshot(tx);
        tracker.Record(tx);
        var after = tracker.Snapshot(tx);

        Assert.That(first, Is.EqualTo(again).Using<BehaviourSnapshot>((a, b) => a.Payer == b.Payer && a.IsNewPayee == b.IsNewPayee));
        Assert.That(first.Payer.Count1m, Is.Zero);
        Assert.That(first.PayerFirstSeen, Is.Null);
        Assert.That(tracker.Size, Is.EqualTo((2, 1)));
        Assert.That(after.Payer.Count1m, Is.EqualTo(1), "an event at the same instant is inside the window");
        Assert.That(after.PayerFirstSeen, Is.EqualTo(T0));
    }

    [Test]
    public void New_payee_device_and_ip_are_per_payer()
    {
        var tracker = new BehaviourTracker();
        Assert.That(tracker.Snapshot(Tx(Alice, Bob, 1, T0)) is { IsNewPayee: true, IsNewDevice: true, IsNewIpAddress: true });
        tracker.Record(Tx(Alice, Bob, 1, T0, device: "phone", ip: "1.1.1.1"));

        var same = tracker.Snapshot(Tx(Alice, Bob, 1, T0.AddMinutes(1), device: "phone", ip: "1.1.1.1"));
        var other = tracker.Snapshot(Tx(Alice, Carol, 1, T0.AddMinutes(1), device: "laptop", ip: "2.2.2.2"));
        var carolOnAlicesPhone = tracker.Snapshot(Tx(Carol, Bob, 1, T0.AddMinutes(1), device: "phone"));

        Assert.That(same is { IsNewPayee: false, IsNewDevice: false, IsNewIpAddress: false });
        Assert.That(other is { IsNewPayee: true, IsNewDevice: true, IsNewIpAddress: true });
        Assert.That(carolOnAlicesPhone is { IsNewPayee: true, IsNewDevice: true, DevicePayerCount7d: 1 });
        Assert.That(carolOnAlicesPhone.Device.Count1h, Is.EqualTo(1));
    }

    [Test]
    public void Known_payees_are_capped_and_the_least_recently_used_is_forgotten()
    {
        var tracker = new BehaviourTracker(new BehaviourTrackerOptions { KnownSetCapacity = 2 });
        tracker.Record(Tx(Alice, Bob, 1, T0));
        tracker.Record(Tx(Alice, Carol, 1, T0.AddMinutes(1)));
        tracker.Record(Tx(Alice, Bob, 1, T0.AddMinutes(2)));
        var dave = Guid.NewGuid();
        tracker.Record(Tx(Alice, dave, 1, T0.AddMinutes(3)));

        bool IsNew(Guid payee) => tracker.Snapshot(Tx(Alice, payee, 1, T0.AddMinutes(4))).IsNewPayee;
        Assert.That((IsNew(Bob), IsNew(Carol), IsNew(dave)), Is.EqualTo((false, true, false)));
    }

    [Test]
    public void Fan_out_fan_in_and_device_sharing_count_distinct_counterparties()
    {
        var tracker = new BehaviourTracker();
        var payees = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var payee in payees.Append(payees[0])) tracker.Record(Tx(Alice, payee, 10, T0));
        var payers = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var payer in payers) tracker.Record(Tx(payer, Bob, 10, T0, device: "shared"));
        tracker.Record(Tx(payers[0], Bob, 10, T0.AddMinutes(1), device: "shared"));
        tracker.Record(Tx(Alice, Bob, 10, T0.AddHours(-25)));

        var s = tracker.Snapshot(Tx(Alice, Bob, 10, T0.AddMinutes(2), device: "shared"));

        Assert.That(s.DistinctPayeesOfPayer24h, Is.EqualTo(3), "Bob was paid 25 h ago: outside the 24 h fan-out");
        Assert.That(s.DistinctPayersOfPayee24h, Is.EqualTo(4));
        Assert.That(s.DevicePayerCount7d, Is.EqualTo(4));
        Assert.That(s.Payee.Count24h, Is.EqualTo(5));
        Assert.That(s.Device.Count7d, Is.EqualTo(5));
    }

    [Test]
    public void Distinct_counts_follow_the_window_forwards_and_backwards()
    {
        var tracker = new BehaviourTracker();
        var payees = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var payee in payees[..3]) tracker.Record(Tx(Alice, payee, 10, T0));
        tracker.Record(Tx(Alice, payees[0], 10, T0.AddHours(20)));
        tracker.Record(Tx(Alice, payees[3], 10, T0.AddHours(23)));

        int FanOut(TimeSpan after) => tracker.Snapshot(Tx(Alice, Bob, 1, T0 + after)).DistinctPayeesOfPayer24h;

        Assert.That(FanOut(TimeSpan.FromHours(1)), Is.EqualTo(3));
        Assert.That(FanOut(TimeSpan.FromHours(23)), Is.EqualTo(4));
        Assert.That(FanOut(TimeSpan.FromHours(24)), Is.EqualTo(2), "the three at T0 left; payee 0 was paid again at 20 h");
        Assert.That(FanOut(TimeSpan.FromHours(2)), Is.EqualTo(3), "a late query moves the window back");
        Assert.That(FanOut(TimeSpan.FromHours(50)), Is.Zero);
    }

    [Test]
    public void Amount_statistics_leave_top_ups_out_and_time_since_last_counts_everything()
    {
        var tracker = new BehaviourTracker();
        tracker.Record(Tx(Alice, Bob, 1_000, T0));
        tracker.Record(Tx(Alice, Bob, 3_000, T0.AddMinutes(1)));
        tracker.Record(Tx(Alice, null, 900_000, T0.AddMinutes(2), type: TransactionTypes.TopUp));

        var s = tracker.Snapshot(Tx(Alice, Bob, 1, T0.AddMinutes(3)));

        Assert.That(s.PayerAmountCount, Is.EqualTo(2));
        Assert.That(s.PayerAmountMean, Is.EqualTo(2_000).Within(1e-9));
        Assert.That(s.PayerAmountStdDev, Is.EqualTo(Math.Sqrt(2_000_000)).Within(1e-6));
        Assert.That(s.SecondsSinceLastPayerTransaction, Is.EqualTo(60));
        Assert.That(s.AmountZScore(2_000 + 2 * (long)Math.Sqrt(2_000_000)), Is.EqualTo(2).Within(0.01));
        Assert.That(s.PayerOutgoing24h.Select(e => e.Type), Is.EqualTo(new[] { "p2p", "p2p", "topup" }));
    }

    [Test]
    public void A_key_whose_events_all_aged_out_counts_only_what_came_after()
    {
        var tracker = new BehaviourTracker();
        tracker.Record(Tx(Alice, Bob, 500, T0));
        tracker.Record(Tx(Alice, Bob, 70, T0.AddDays(8)));

        var s = tracker.Snapshot(Tx(Alice, Bob, 1, T0.AddDays(8).AddMinutes(1)));

        Assert.That((s.Payer.Count7d, s.Payer.Sum7d), Is.EqualTo((1, 70L)));
        Assert.That((s.Payee.Count7d, s.Payee.Sum7d), Is.EqualTo((1, 70L)));
    }

    [Test]
    public void An_unknown_transaction_type_is_refused_and_records_nothing()
    {
        var tracker = new BehaviourTracker();

        Assert.Throws<ArgumentException>(() => tracker.Record(Tx(Alice, Bob, 10, T0, type: "crypto")));
        Assert.That(tracker.Snapshot(Tx(Alice, Bob, 1, T0)).Payer.Count7d, Is.Zero);
    }

    [Test]
    public void A_late_arrival_is_placed_in_time_order()
    {
        var tracker = new BehaviourTracker();
        tracker.Record(Tx(Alice, Bob, 1, T0));
        tracker.Record(Tx(Alice, Bob, 10, T0.AddMinutes(50)));
        tracker.Record(Tx(Alice, Bob, 100, T0.AddMinutes(5)));

        var at30 = tracker.Snapshot(Tx(Alice, Bob, 1, T0.AddMinutes(30))).Payer;
        var at64 = tracker.Snapshot(Tx(Alice, Bob, 1, T0.AddMinutes(64))).Payer;

        Assert.That((at30.Count1h, at30.Sum1h), Is.EqualTo((2, 101)));
        Assert.That((at64.Count1h, at64.Sum1h), Is.EqualTo((2, 110)));
    }

    [Test]
    public void The_per_key_event_cap_drops_the_oldest()
    {
        var tracker = new BehaviourTracker(new BehaviourTrackerOptions { MaxEventsPerKey = 10 });
        for (var i = 0; i < 25; i++) tracker.Record(Tx(Alice, Bob, i, T0.AddSeconds(i)));

        var s = tracker.Snapshot(Tx(Alice, Bob, 1, T0.AddSeconds(30)));

        Assert.That((s.Payer.Count1h, s.Payer.Sum1h), Is.EqualTo((10, Enumerable.Range(15, 10).Sum())));
    }

    [Test]
    public void Sweep_drops_keys_idle_for_seven_days_and_they_start_afresh()
    {
        var tracker = new BehaviourTracker();
        tracker.Record(Tx(Alice, Bob, 1, T0));
        tracker.Record(Tx(Carol, Bob, 1, T0.AddDays(5), device: "dev-2"));

        var removed = tracker.Sweep(T0.AddDays(8));

        Assert.That(removed, Is.EqualTo(2), "Alice and dev-1; Bob and Carol were active two days before");
        Assert.That(tracker.Snapshot(Tx(Alice, Bob, 1, T0.AddDays(8))).PayerFirstSeen, Is.Null);
        Assert.That(tracker.Snapshot(Tx(Carol, Bob, 1, T0.AddDays(8))).PayerFirstSeen, Is.EqualTo(T0.AddDays(5)));
    }

    [Test]
    public void Keys_swept_away_leave_their_memory_to_the_keys_that_come_next()
    {
        var tracker = new BehaviourTracker();
        void RecordNewCustomers(DateTimeOffset at)
        {
            for (var i = 0; i < 2_000; i++) tracker.Record(Tx(Guid.NewGuid(), Guid.NewGuid(), 10, at, device: $"d-{at.Ticks}-{i}"));
        }

        RecordNewCustomers(T0);
        var pooled = tracker.PooledBytes;
        Assert.That(tracker.Sweep(T0.AddDays(8)), Is.EqualTo(6_000), "4,000 accounts and 2,000 devices");
        RecordNewCustomers(T0.AddDays(8));

        Assert.That(pooled, Is.GreaterThan(0));
        Assert.That(tracker.PooledBytes, Is.EqualTo(pooled), "the second population reused the first one's blocks");
        Assert.That(tracker.Size, Is.EqualTo((4_000, 2_000)));
    }

    [Test]
    public void Clear_forgets_everything_and_a_replay_after_it_counts_each_transaction_once()
    {
        var tracker = new BehaviourTracker();
        var week = Enumerable.Range(0, 300).Select(i => Tx(i % 2 == 0 ? Alice : Carol, Bob, 10 + i, T0.AddMinutes(i))).ToList();
        week.Take(120).ToList().ForEach(tracker.Record);

        tracker.Clear();
        Assert.That(tracker.Size, Is.EqualTo((0, 0)));
        Assert.That(tracker.Snapshot(Tx(Alice, Bob, 1, T0.AddMinutes(300))).PayerFirstSeen, Is.Null);
        week.ForEach(tracker.Record);

        var alice = tracker.Snapshot(Tx(Alice, Bob, 1, T0.AddMinutes(300)));
        Assert.Multiple(() =>
        {
            Assert.That(alice.Payer.Count7d, Is.EqualTo(150));
            Assert.That(alice.Payer.Sum7d, Is.EqualTo(week.Where(t => t.PayerId == Alice).Sum(t => t.Amount)));
            Assert.That(alice.Payee.Count7d, Is.EqualTo(300), "Bob received all of them once");
            Assert.That(alice.PayerFirstSeen, Is.EqualTo(T0));
        });
    }

    [Test]
    public async Task Parallel_records_and_snapshots_give_exact_totals()
    {
        var tracker = new BehaviourTracker();
        var payers = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToArray();
        var payees = Enumerable.Range(0, 7).Select(_ => Guid.NewGuid()).ToArray();
        const int Tasks = 16, PerTask = 1_000;

        var work = Enumerable.Range(0, Tasks).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerTask; i++)
            {
                var tx = Tx(payers[(t * 7 + i) % payers.Length], payees[i % payees.Length], 1 + i % 3,
                    T0.AddMilliseconds(i), device: $"dev-{i % 5}");
                var before = tracker.Snapshot(tx);
                if (before.Payer.Count7d < 0) throw new InvalidOperationException();
                tracker.Record(tx);
            }
        }));
        await Task.WhenAll(work);

        var end = T0.AddMinutes(10);
        var expectedSum = (long)Tasks * Enumerable.Range(0, PerTask).Sum(i => 1 + i % 3);
        Assert.That(payers.Sum(p => tracker.Snapshot(Tx(p, null, 1, end)).Payer.Count7d), Is.EqualTo(Tasks * PerTask));
        Assert.That(payers.Sum(p => tracker.Snapshot(Tx(p, null, 1, end)).Payer.Sum7d), Is.EqualTo(expectedSum));
        Assert.That(payees.Sum(p => tracker.Snapshot(Tx(Alice, p, 1, end)).Payee.Sum7d), Is.EqualTo(expectedSum));
        Assert.That(Enumerable.Range(0, 5).Sum(d => tracker.Snapshot(Tx(Alice, null, 1, end, device: $"dev-{d}")).Device.Count7d),
            Is.EqualTo(Tasks * PerTask));
        Assert.That(payers.Sum(p => tracker.Snapshot(Tx(p, null, 1, end)).PayerAmountCount), Is.EqualTo(Tasks * PerTask));
    }
}
