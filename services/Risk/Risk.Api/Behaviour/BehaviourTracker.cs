using System.Runtime.CompilerServices;
using Jade.Risk.Screening;

namespace Jade.Risk.Behaviour;

/// <summary>
/// In-memory behaviour of payers, payees and devices over the last seven days, shared by the live screening path
/// (hydrate with <see cref="Record"/> from the database, then per call <see cref="Snapshot"/> → decide →
/// <see cref="Record"/> unless declined) and the simulator replay that trains the fraud model, so both see the same
/// features. Thread-safe with one lock per stripe of keys (<see cref="KeyedStates{TState}"/>) and no global lock: a
/// call takes the payer's, the payee's and the device's stripes one after the other, never two at once, so it cannot
/// deadlock. A snapshot is therefore consistent per key, not across keys, which is fine for risk signals.
/// The state is structs whose events, counts and sets live in blocks of <see cref="TrackerMemory"/>, not a graph of
/// objects per key: the state of customers seen for the first time is what every gen-0 collection copies, and as
/// objects (eleven per account, with dictionaries and string-holding arrays) it made those collections 30–45 ms stops
/// of the whole service at 2,000 screenings/s (docs/risk.md, "Where the tail goes").
/// "Now" is the transaction's own <see cref="ScreeningTransaction.OccurredAt"/>, never a clock, so a replay of
/// history and the live path compute the same figures.
/// </summary>
public sealed class BehaviourTracker(BehaviourTrackerOptions? options = null)
{
    private static readonly long Retention = VelocityWindows.Longest.Ticks;

    private readonly BehaviourTrackerOptions _options = options ?? new BehaviourTrackerOptions();
    private readonly TrackerMemory _memory = new();
    private readonly KeyedStates<AccountState> _accounts = new();
    private readonly KeyedStates<DeviceState> _devices = new();

    /// <summary>Number of accounts and devices held, for metrics.</summary>
    public (int Accounts, int Devices) Size => (_accounts.Count, _devices.Count);

    /// <summary>Bytes of the pools that hold the keys' events, counts and sets (excluding the per-key structs), for
    /// metrics: it grows with the busiest week seen and is reused, never returned, after <see cref="Sweep"/>.</summary>
    public long PooledBytes => _memory.Bytes;

    /// <summary>The state before <paramref name="tx"/>; does not record it and creates no state for unknown keys.</summary>
    public BehaviourSnapshot Snapshot(ScreeningTransaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var now = tx.OccurredAt.UtcTicks;
        var dayAgo = now - TimeSpan.TicksPerDay;
        var weekAgo = now - Retention;
        var deviceKey = DeviceKey(tx);

        WindowStats payer = default, payerIncoming = default, payee = default, device = default;
        IReadOnlyList<FlowEvent> outgoing24h = [], incoming24h = [];
        bool newPayee = tx.PayeeId is not null, newDevice = tx.DeviceId is not null, newIp = tx.IpAddress is not null;
        DateTimeOffset? payerFirstSeen = null, payeeFirstSeen = null;
        double? sinceLast = null, mean = null, sd = null;
        long amountCount = 0;
        int fanOut = 0, fanIn = 0, devicePayers = 0;

        var payerStripe = _accounts.For(tx.PayerId);
        lock (payerStripe)
        {
            ref var p = ref payerStripe.Find(tx.PayerId);
            if (!Unsafe.IsNullRef(ref p))
            {
                p.Prune(now, _memory);
                payer = p.Outgoing.Stats(now, _memory);
                payerIncoming = p.Incoming.Stats(now, _memory);
                outgoing24h = p.Outgoing.List(dayAgo, now, _options.MaxListedEvents, _memory);
                incoming24h = p.Incoming.List(dayAgo, now, _options.MaxListedEvents, _memory);
                newPayee = tx.PayeeId is { } payeeId && !p.KnownPayees.Contains(payeeId, _memory.Uses);
                newDevice = deviceKey is { } knownDevice && !p.KnownDevices.Contains(knownDevice, _memory.Uses);
                newIp = tx.IpAddress is { } ip && !p.KnownIps.Contains(TextKey.Of(ip), _memory.Uses);
                payerFirstSeen = p.FirstSeen;
                var last = p.Outgoing.LatestAtOrBefore(now, _memory) ?? (p.LastOutgoing <= now ? p.LastOutgoing : null);
                if (last is { } l) sinceLast = (now - l) / (double)TimeSpan.TicksPerSecond;
                amountCount = p.AmountCount;
                if (p.AmountCount > 0) mean = p.AmountMean;
                if (p.AmountCount > 1) sd = Math.Sqrt(p.AmountM2 / (p.AmountCount - 1));
                fanOut = p.Outgoing.DistinctCounterparties(dayAgo, now, _memory);
            }
        }
        if (tx.PayeeId is { } payeeKey)
        {
            var payeeStripe = _accounts.For(payeeKey);
            lock (payeeStripe)
            {
                ref var q = ref payeeStripe.Find(payeeKey);
                if (!Unsafe.IsNullRef(ref q))
                {
                    q.Prune(now, _memory);
                    payee = q.Incoming.Stats(now, _memory);
                    payeeFirstSeen = q.FirstSeen;
                    fanIn = q.Incoming.DistinctCounterparties(dayAgo, now, _memory);
                }
            }
        }
        if (deviceKey is { } deviceId)
        {
            var deviceStripe = _devices.For(deviceId);
            lock (deviceStripe)
            {
                ref var d = ref deviceStripe.Find(deviceId);
                if (!Unsafe.IsNullRef(ref d))
                {
                    d.Events.PruneUpTo(now - Retention, _memory);
                    device = d.Events.Stats(now, _memory);
                    devicePayers = d.Events.DistinctCounterparties(weekAgo, now, _memory);
                }
            }
        }
        return new BehaviourSnapshot(tx.OccurredAt, payer, payerIncoming, device, payee, outgoing24h, incoming24h,
            newPayee, newDevice, newIp, payerFirstSeen, payeeFirstSeen, sinceLast, amountCount, mean, sd,
            fanOut, fanIn, devicePayers);
    }

    /// <summary>Remembers <paramref name="tx"/> as having happened.</summary>
    public void Record(ScreeningTransaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentOutOfRangeException.ThrowIfNegative(tx.Amount);
        var now = tx.OccurredAt.UtcTicks;
        var maxEvents = _options.MaxEventsPerKey;
        var known = _options.KnownSetCapacity;
        var deviceKey = DeviceKey(tx);

        var payerStripe = _accounts.For(tx.PayerId);
        lock (payerStripe)
        {
            ref var p = ref payerStripe.GetOrAdd(tx.PayerId);
            p.Prune(now, _memory);
            p.Seen(now);
            p.Outgoing.Add(now, tx.Amount, tx.PayeeId, tx.Type, maxEvents, _memory);
            p.LastOutgoing = p.LastOutgoing is { } last && last > now ? last : now;
            if (tx.PayeeId is { } payeeId) p.KnownPayees.Touch(payeeId, known, _memory.Uses);
            if (deviceKey is { } device) p.KnownDevices.Touch(device, known, _memory.Uses);
            if (tx.IpAddress is { } ip) p.KnownIps.Touch(TextKey.Of(ip), known, _memory.Uses);
            // Top-ups are money in (salary, card loads): they would blur the payer's usual spending amount.
            if (tx.Type != TransactionTypes.TopUp) p.AddAmount(tx.Amount);
        }
        if (tx.PayeeId is { } payee)
        {
            var payeeStripe = _accounts.For(payee);
            lock (payeeStripe)
            {
                ref var q = ref payeeStripe.GetOrAdd(payee);
                q.Prune(now, _memory);
                q.Seen(now);
                q.Incoming.Add(now, tx.Amount, tx.PayerId, tx.Type, maxEvents, _memory);
            }
        }
        if (deviceKey is { } deviceId)
        {
            var deviceStripe = _devices.For(deviceId);
            lock (deviceStripe)
            {
                ref var d = ref deviceStripe.GetOrAdd(deviceId);
                d.Events.PruneUpTo(now - Retention, _memory);
                d.Events.Add(now, tx.Amount, tx.PayerId, tx.Type, maxEvents, _memory);
            }
        }
    }

    /// <summary>Drops accounts and devices with nothing in the last seven days before <paramref name="now"/>, the
    /// same state a restart (which hydrates seven days) would have. Call it from a timer, not the hot path: it holds
    /// each stripe's lock while it goes through the stripe.</summary>
    public int Sweep(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        var cutoff = ticks - Retention;
        return Remove(
            (ref AccountState account) =>
            {
                account.Prune(ticks, _memory);
                return account.Outgoing.Count == 0 && account.Incoming.Count == 0 && account.LastSeen <= cutoff;
            },
            (ref DeviceState device) =>
            {
                device.Events.PruneUpTo(cutoff, _memory);
                return device.Events.Count == 0;
            });
    }

    /// <summary>Forgets everything, returning every block to the pools: the state of a new instance, for a start-up
    /// replay that has to begin again.</summary>
    public void Clear() => Remove((ref AccountState _) => true, (ref DeviceState _) => true);

    /// <summary>Drops the keys the predicates choose, each stripe under its lock, and gives their blocks back.</summary>
    private int Remove(KeyedStates<AccountState>.IdleAfterPrune account, KeyedStates<DeviceState>.IdleAfterPrune device)
    {
        var removed = 0;
        foreach (var stripe in _accounts.Stripes)
        {
            lock (stripe)
            {
                removed += stripe.RemoveIdle((ref AccountState state) =>
                {
                    if (!account(ref state)) return false;
                    state.Release(_memory);
                    return true;
                });
            }
        }
        foreach (var stripe in _devices.Stripes)
        {
            lock (stripe)
            {
                removed += stripe.RemoveIdle((ref DeviceState state) =>
                {
                    if (!device(ref state)) return false;
                    state.Events.Release(_memory);
                    return true;
                });
            }
        }
        return removed;
    }

    /// <summary>The device id hashed once per call: it keys the device's own state and the payer's known devices.</summary>
    private static Guid? DeviceKey(ScreeningTransaction tx) => tx.DeviceId is { } id ? TextKey.Of(id) : null;

    // Mutable structs, reached only through references into KeyedStates: fields, not properties, and never copied.
    private struct DeviceState
    {
        public EventLog Events;
    }

    private struct AccountState
    {
        public EventLog Outgoing;
        public EventLog Incoming;
        public RecentSet KnownPayees;
        public RecentSet KnownDevices;
        public RecentSet KnownIps;
        public long? LastOutgoing;
        private bool _seen;
        public long LastSeen;
        private long _firstSeen;

        // Welford's running mean and sum of squared deviations of outgoing amounts (minor units; statistics only).
        public long AmountCount;
        public double AmountMean;
        public double AmountM2;

        public readonly DateTimeOffset? FirstSeen => _seen ? new DateTimeOffset(_firstSeen, TimeSpan.Zero) : null;

        public void Seen(long ticks)
        {
            if (!_seen || ticks < _firstSeen) _firstSeen = ticks;
            if (!_seen || ticks > LastSeen) LastSeen = ticks;
            _seen = true;
        }

        public void Prune(long now, TrackerMemory memory)
        {
            Outgoing.PruneUpTo(now - Retention, memory);
            Incoming.PruneUpTo(now - Retention, memory);
        }

        public void Release(TrackerMemory memory)
        {
            Outgoing.Release(memory);
            Incoming.Release(memory);
            KnownPayees.Release(memory.Uses);
            KnownDevices.Release(memory.Uses);
            KnownIps.Release(memory.Uses);
        }

        public void AddAmount(long amount)
        {
            AmountCount++;
            var delta = amount - AmountMean;
            AmountMean += delta / AmountCount;
            AmountM2 += delta * (amount - AmountMean);
        }
    }
}
