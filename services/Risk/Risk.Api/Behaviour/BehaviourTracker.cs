using System.Collections.Concurrent;
using Jade.Risk.Screening;

namespace Jade.Risk.Behaviour;

/// <summary>
/// In-memory behaviour of payers, payees and devices over the last seven days, shared by the live screening path
/// (hydrate with <see cref="Record"/> from the database, then per call <see cref="Snapshot"/> → decide →
/// <see cref="Record"/> unless declined) and the simulator replay that trains the fraud model, so both see the same
/// features. Thread-safe with one lock per key and no global lock: a call takes the payer's, the payee's and the
/// device's locks one after the other, never two at once, so it cannot deadlock. A snapshot is therefore consistent
/// per key, not across keys, which is fine for risk signals.
/// "Now" is the transaction's own <see cref="ScreeningTransaction.OccurredAt"/>, never a clock, so a replay of
/// history and the live path compute the same figures.
/// </summary>
public sealed class BehaviourTracker(BehaviourTrackerOptions? options = null)
{
    private static readonly long Retention = VelocityWindows.Longest.Ticks;

    private readonly BehaviourTrackerOptions _options = options ?? new BehaviourTrackerOptions();
    private readonly ConcurrentDictionary<Guid, AccountState> _accounts = new();
    private readonly ConcurrentDictionary<string, DeviceState> _devices = new(StringComparer.Ordinal);

    /// <summary>Number of accounts and devices held, for metrics.</summary>
    public (int Accounts, int Devices) Size => (_accounts.Count, _devices.Count);

    /// <summary>The state before <paramref name="tx"/>; does not record it and creates no state for unknown keys.</summary>
    public BehaviourSnapshot Snapshot(ScreeningTransaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var now = tx.OccurredAt.UtcTicks;
        var dayAgo = now - TimeSpan.TicksPerDay;
        var weekAgo = now - Retention;

        WindowStats payer = default, payerIncoming = default, payee = default, device = default;
        IReadOnlyList<FlowEvent> outgoing24h = [], incoming24h = [];
        bool newPayee = tx.PayeeId is not null, newDevice = tx.DeviceId is not null, newIp = tx.IpAddress is not null;
        DateTimeOffset? payerFirstSeen = null, payeeFirstSeen = null;
        double? sinceLast = null, mean = null, sd = null;
        long amountCount = 0;
        int fanOut = 0, fanIn = 0, devicePayers = 0;

        if (_accounts.TryGetValue(tx.PayerId, out var p))
        {
            lock (p)
            {
                p.Prune(now);
                payer = p.Outgoing.Stats(now);
                payerIncoming = p.Incoming.Stats(now);
                outgoing24h = p.Outgoing.List(dayAgo, now, _options.MaxListedEvents);
                incoming24h = p.Incoming.List(dayAgo, now, _options.MaxListedEvents);
                newPayee = tx.PayeeId is { } payeeId && !p.KnownPayees.Contains(payeeId);
                newDevice = tx.DeviceId is { } deviceId && !p.KnownDevices.Contains(deviceId);
                newIp = tx.IpAddress is { } ip && !p.KnownIps.Contains(ip);
                payerFirstSeen = p.FirstSeen;
                var last = p.Outgoing.LatestAtOrBefore(now) ?? (p.LastOutgoing <= now ? p.LastOutgoing : null);
                if (last is { } l) sinceLast = (now - l) / (double)TimeSpan.TicksPerSecond;
                amountCount = p.AmountCount;
                if (p.AmountCount > 0) mean = p.AmountMean;
                if (p.AmountCount > 1) sd = Math.Sqrt(p.AmountM2 / (p.AmountCount - 1));
                fanOut = p.Outgoing.DistinctCounterparties(dayAgo, now);
            }
        }
        if (tx.PayeeId is { } payeeKey && _accounts.TryGetValue(payeeKey, out var q))
        {
            lock (q)
            {
                q.Prune(now);
                payee = q.Incoming.Stats(now);
                payeeFirstSeen = q.FirstSeen;
                fanIn = q.Incoming.DistinctCounterparties(dayAgo, now);
            }
        }
        if (tx.DeviceId is { } deviceKey && _devices.TryGetValue(deviceKey, out var d))
        {
            lock (d)
            {
                d.Events.PruneUpTo(now - Retention);
                device = d.Events.Stats(now);
                devicePayers = d.Events.DistinctCounterparties(weekAgo, now);
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

        WithLock(_accounts, tx.PayerId, NewAccount, p =>
        {
            p.Prune(now);
            p.Seen(now);
            p.Outgoing.Add(now, tx.Amount, tx.PayeeId, tx.Type);
            p.LastOutgoing = p.LastOutgoing is { } last && last > now ? last : now;
            if (tx.PayeeId is { } payeeId) p.KnownPayees.Touch(payeeId);
            if (tx.DeviceId is { } deviceId) p.KnownDevices.Touch(deviceId);
            if (tx.IpAddress is { } ip) p.KnownIps.Touch(ip);
            // Top-ups are money in (salary, card loads): they would blur the payer's usual spending amount.
            if (tx.Type != TransactionTypes.TopUp) p.AddAmount(tx.Amount);
        });
        if (tx.PayeeId is { } payee)
        {
            WithLock(_accounts, payee, NewAccount, q =>
            {
                q.Prune(now);
                q.Seen(now);
                q.Incoming.Add(now, tx.Amount, tx.PayerId, tx.Type);
            });
        }
        if (tx.DeviceId is { } device)
        {
            WithLock(_devices, device, _ => new DeviceState(_options.MaxEventsPerKey), d =>
            {
                d.Events.PruneUpTo(now - Retention);
                d.Events.Add(now, tx.Amount, tx.PayerId, tx.Type);
            });
        }
    }

    /// <summary>Drops accounts and devices with nothing in the last seven days before <paramref name="now"/>, the
    /// same state a restart (which hydrates seven days) would have. Call it from a timer, not the hot path.</summary>
    public int Sweep(DateTimeOffset now)
    {
        var cutoff = now.UtcTicks - Retention;
        var removed = 0;
        foreach (var (key, account) in _accounts)
        {
            lock (account)
            {
                account.Prune(now.UtcTicks);
                if (account.Outgoing.Count > 0 || account.Incoming.Count > 0 || account.LastSeen > cutoff) continue;
                account.Removed = true;
            }
            if (_accounts.TryRemove(new KeyValuePair<Guid, AccountState>(key, account))) removed++;
        }
        foreach (var (key, device) in _devices)
        {
            lock (device)
            {
                device.Events.PruneUpTo(cutoff);
                if (device.Events.Count > 0) continue;
                device.Removed = true;
            }
            if (_devices.TryRemove(new KeyValuePair<string, DeviceState>(key, device))) removed++;
        }
        return removed;
    }

    private AccountState NewAccount(Guid _) =>
        new(_options.MaxEventsPerKey, _options.KnownSetCapacity);

    /// <summary>Runs <paramref name="update"/> under the key's lock, retrying when <see cref="Sweep"/> removed the
    /// state between the lookup and the lock (an update to a removed state would be lost).</summary>
    private static void WithLock<TKey, TState>(ConcurrentDictionary<TKey, TState> map, TKey key,
        Func<TKey, TState> create, Action<TState> update)
        where TKey : notnull where TState : KeyState
    {
        while (true)
        {
            var state = map.GetOrAdd(key, create);
            lock (state)
            {
                if (state.Removed) continue;
                update(state);
                return;
            }
        }
    }

    private abstract class KeyState
    {
        public bool Removed;
    }

    private sealed class DeviceState(int maxEvents) : KeyState
    {
        public readonly EventLog Events = new(maxEvents);
    }

    private sealed class AccountState(int maxEvents, int knownCapacity) : KeyState
    {
        public readonly EventLog Outgoing = new(maxEvents);
        public readonly EventLog Incoming = new(maxEvents);
        public readonly RecentSet<Guid> KnownPayees = new(knownCapacity);
        public readonly RecentSet<string> KnownDevices = new(knownCapacity);
        public readonly RecentSet<string> KnownIps = new(knownCapacity);
        public long? LastOutgoing;
        public long LastSeen = long.MinValue;
        private long _firstSeen = long.MaxValue;

        // Welford's running mean and sum of squared deviations of outgoing amounts (minor units; statistics only).
        public long AmountCount;
        public double AmountMean;
        public double AmountM2;

        public DateTimeOffset? FirstSeen => _firstSeen == long.MaxValue ? null : new DateTimeOffset(_firstSeen, TimeSpan.Zero);

        public void Seen(long ticks)
        {
            if (ticks < _firstSeen) _firstSeen = ticks;
            if (ticks > LastSeen) LastSeen = ticks;
        }

        public void Prune(long now)
        {
            Outgoing.PruneUpTo(now - Retention);
            Incoming.PruneUpTo(now - Retention);
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
