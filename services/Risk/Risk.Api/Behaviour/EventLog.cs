using Jade.Risk.Screening;

namespace Jade.Risk.Behaviour;

/// <summary>
/// One key's events of the last seven days, sorted by time, with running totals so a window's count and sum are two
/// binary searches instead of a scan: a merchant's incoming log can hold thousands of events. A mutable struct kept
/// inside its key's state (use it through a reference, never a copy) whose events live in one block of the tracker's
/// memory. Not thread-safe; the tracker holds the owning key's lock.
/// </summary>
internal struct EventLog
{
    private Block _block;
    private int _start;
    private int _count;
    private long _total;

    // Reference counts of counterparties in (_windowFrom, _windowTo], see DistinctCounterparties.
    private CounterpartyCounts _distinct;
    private long _windowFrom;
    private long _windowTo;
    private bool _windowValid;

    public readonly int Count => _count;

    /// <param name="capacity">Events kept at most; past it the oldest is forgotten.</param>
    public void Add(long ticks, long amount, Guid? counterparty, string type, int capacity, TrackerMemory memory)
    {
        var typeCode = Array.IndexOf(TransactionTypes.All, type);
        if (typeCode < 0) throw new ArgumentException($"Unknown transaction type '{type}'.", nameof(type));
        if (_count == capacity) DropOldest(1, memory);
        EnsureRoom(capacity, memory);
        var block = memory.Events[_block];
        var position = _count;
        // Out-of-order arrivals (concurrent requests) are rare and a few milliseconds late: walk back to their place.
        while (position > 0 && block[_start + position - 1].Ticks > ticks) position--;
        var before = Before(Live(memory), position);
        block.Slice(_start + position, _count - position).CopyTo(block[(_start + position + 1)..]);
        _count++;
        var entry = new Entry(ticks, amount, before + amount, counterparty, (byte)typeCode);
        block[_start + position] = entry;
        if (InWindow(ticks)) Tally(entry, +1, memory);
        for (var i = position + 1; i < _count; i++)
        {
            ref var later = ref block[_start + i];
            later = later with { Cumulative = later.Cumulative + amount };
        }
        _total += amount;
    }

    /// <summary>Forgets events at or before <paramref name="cutoffTicks"/>.</summary>
    public void PruneUpTo(long cutoffTicks, TrackerMemory memory)
    {
        var live = Live(memory);
        var drop = 0;
        while (drop < live.Length && live[drop].Ticks <= cutoffTicks) drop++;
        if (drop > 0) DropOldest(drop, memory);
    }

    public readonly WindowStats Stats(long nowTicks, TrackerMemory memory)
    {
        var live = Live(memory);
        var m = Window(live, nowTicks - TimeSpan.TicksPerMinute, nowTicks);
        var h = Window(live, nowTicks - TimeSpan.TicksPerHour, nowTicks);
        var d = Window(live, nowTicks - TimeSpan.TicksPerDay, nowTicks);
        var w = Window(live, nowTicks - VelocityWindows.Longest.Ticks, nowTicks);
        return new WindowStats(m.Count, m.Sum, h.Count, h.Sum, d.Count, d.Sum, w.Count, w.Sum);
    }

    /// <summary>The most recent <paramref name="limit"/> events in the window, oldest first.</summary>
    public readonly IReadOnlyList<FlowEvent> List(long fromExclusive, long toInclusive, int limit, TrackerMemory memory)
    {
        var live = Live(memory);
        var lo = FirstAfter(live, fromExclusive);
        var hi = FirstAfter(live, toInclusive);
        if (hi <= lo) return [];
        lo = Math.Max(lo, hi - limit);
        var list = new FlowEvent[hi - lo];
        for (var i = lo; i < hi; i++)
        {
            ref readonly var e = ref live[i];
            list[i - lo] = new FlowEvent(new DateTimeOffset(e.Ticks, TimeSpan.Zero), e.Amount, e.Counterparty,
                TransactionTypes.All[e.Type]);
        }
        return list;
    }

    /// <summary>
    /// Distinct counterparties of the events with <c>from &lt; ticks &lt;= to</c>. A reference count per counterparty is
    /// kept for the last window asked for and moved to the new one, so a key queried forward in time (the normal case)
    /// pays only for the events that entered or left the window, even a merchant with thousands of repeat payers.
    /// </summary>
    public int DistinctCounterparties(long fromExclusive, long toInclusive, TrackerMemory memory)
    {
        if (!_windowValid || fromExclusive >= _windowTo || toInclusive <= _windowFrom)
        {
            _distinct.Clear(memory.Counterparties);
            Apply(fromExclusive, toInclusive, +1, memory);
        }
        else
        {
            if (toInclusive > _windowTo) Apply(_windowTo, toInclusive, +1, memory);
            else if (toInclusive < _windowTo) Apply(toInclusive, _windowTo, -1, memory);
            if (fromExclusive > _windowFrom) Apply(_windowFrom, fromExclusive, -1, memory);
            else if (fromExclusive < _windowFrom) Apply(fromExclusive, _windowFrom, +1, memory);
        }
        (_windowFrom, _windowTo, _windowValid) = (fromExclusive, toInclusive, true);
        return _distinct.Count;
    }

    /// <summary>Time of the latest event at or before <paramref name="toInclusive"/>, if any is still held.</summary>
    public readonly long? LatestAtOrBefore(long toInclusive, TrackerMemory memory)
    {
        var live = Live(memory);
        var hi = FirstAfter(live, toInclusive);
        return hi == 0 ? null : live[hi - 1].Ticks;
    }

    /// <summary>Gives the log's blocks back; the log is empty afterwards.</summary>
    public void Release(TrackerMemory memory)
    {
        memory.Events.Return(_block);
        _distinct.Release(memory.Counterparties);
        this = default;
    }

    private readonly Span<Entry> Live(TrackerMemory memory) =>
        _count == 0 ? [] : memory.Events[_block].Slice(_start, _count);

    private void Apply(long fromExclusive, long toInclusive, int delta, TrackerMemory memory)
    {
        var live = Live(memory);
        var hi = FirstAfter(live, toInclusive);
        for (var i = FirstAfter(live, fromExclusive); i < hi; i++) Tally(live[i], delta, memory);
    }

    private void Tally(in Entry e, int delta, TrackerMemory memory)
    {
        if (e.Counterparty is { } c) _distinct.Change(c, delta, memory.Counterparties);
    }

    private readonly bool InWindow(long ticks) => _windowValid && ticks > _windowFrom && ticks <= _windowTo;

    private readonly (int Count, long Sum) Window(ReadOnlySpan<Entry> live, long fromExclusive, long toInclusive)
    {
        var lo = FirstAfter(live, fromExclusive);
        var hi = FirstAfter(live, toInclusive);
        return hi <= lo ? (0, 0) : (hi - lo, Before(live, hi) - Before(live, lo));
    }

    private static int FirstAfter(ReadOnlySpan<Entry> live, long ticks)
    {
        int lo = 0, hi = live.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (live[mid].Ticks <= ticks) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Running total of every amount ever added before live position <paramref name="index"/>.</summary>
    private readonly long Before(ReadOnlySpan<Entry> live, int index) =>
        index < live.Length ? live[index].Cumulative - live[index].Amount : _total;

    private void DropOldest(int n, TrackerMemory memory)
    {
        var live = Live(memory);
        for (var i = 0; i < n; i++)
        {
            if (InWindow(live[i].Ticks)) Tally(live[i], -1, memory);
        }
        _start += n;
        _count -= n;
        if (_count == 0) _start = 0;
    }

    private void EnsureRoom(int capacity, TrackerMemory memory)
    {
        if (_block.IsNone)
        {
            _block = memory.Events.Rent(4);
            return;
        }
        if (_start + _count < _block.Length) return;
        var block = memory.Events[_block];
        // Grow while mostly full, up to twice the cap, so that at the cap a compaction happens once per `capacity`
        // additions: amortised O(1) even for a merchant that sits at the cap.
        if (_count > _block.Length / 2 && _block.Length < 2 * capacity)
        {
            var bigger = memory.Events.Rent(Math.Min(_block.Length * 2, 2 * capacity));
            block.Slice(_start, _count).CopyTo(memory.Events[bigger]);
            memory.Events.Return(_block);
            _block = bigger;
        }
        else
        {
            block.Slice(_start, _count).CopyTo(block);
        }
        _start = 0;
    }

    /// <param name="Type">Index into <see cref="TransactionTypes.All"/>: no reference, so the GC never scans a log.</param>
    internal readonly record struct Entry(long Ticks, long Amount, long Cumulative, Guid? Counterparty, byte Type);
}
