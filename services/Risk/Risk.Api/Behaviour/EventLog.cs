using Jade.Risk.Screening;

namespace Jade.Risk.Behaviour;

/// <summary>
/// One key's events of the last seven days, sorted by time, with running totals so a window's count and sum are two
/// binary searches instead of a scan: a merchant's incoming log can hold thousands of events. A mutable struct kept
/// inside its key's state (use it through a reference, never a copy); its entries hold no references, so the GC never
/// scans them. Not thread-safe; the tracker holds the owning key's lock.
/// </summary>
internal struct EventLog
{
    private Entry[]? _items;
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
    public void Add(long ticks, long amount, Guid? counterparty, string type, int capacity)
    {
        var typeCode = Array.IndexOf(TransactionTypes.All, type);
        if (typeCode < 0) throw new ArgumentException($"Unknown transaction type '{type}'.", nameof(type));
        if (_count == capacity) DropOldest(1);
        EnsureRoom(capacity);
        var items = _items!;
        var position = _count;
        // Out-of-order arrivals (concurrent requests) are rare and a few milliseconds late: walk back to their place.
        while (position > 0 && items[_start + position - 1].Ticks > ticks) position--;
        var before = Before(position);
        if (position < _count)
        {
            Array.Copy(items, _start + position, items, _start + position + 1, _count - position);
        }
        _count++;
        items[_start + position] = new Entry(ticks, amount, before + amount, counterparty, (byte)typeCode);
        if (InWindow(ticks)) Tally(items[_start + position], +1);
        for (var i = position + 1; i < _count; i++)
        {
            ref var later = ref items[_start + i];
            later = later with { Cumulative = later.Cumulative + amount };
        }
        _total += amount;
    }

    /// <summary>Forgets events at or before <paramref name="cutoffTicks"/>.</summary>
    public void PruneUpTo(long cutoffTicks)
    {
        var drop = 0;
        while (drop < _count && _items![_start + drop].Ticks <= cutoffTicks) drop++;
        if (drop > 0) DropOldest(drop);
    }

    /// <summary>Count and sum of the events with <c>from &lt; ticks &lt;= to</c>.</summary>
    public readonly (int Count, long Sum) Window(long fromExclusive, long toInclusive)
    {
        var lo = FirstAfter(fromExclusive);
        var hi = FirstAfter(toInclusive);
        return hi <= lo ? (0, 0) : (hi - lo, Before(hi) - Before(lo));
    }

    public readonly WindowStats Stats(long nowTicks)
    {
        var m = Window(nowTicks - TimeSpan.TicksPerMinute, nowTicks);
        var h = Window(nowTicks - TimeSpan.TicksPerHour, nowTicks);
        var d = Window(nowTicks - TimeSpan.TicksPerDay, nowTicks);
        var w = Window(nowTicks - VelocityWindows.Longest.Ticks, nowTicks);
        return new WindowStats(m.Count, m.Sum, h.Count, h.Sum, d.Count, d.Sum, w.Count, w.Sum);
    }

    /// <summary>The most recent <paramref name="limit"/> events in the window, oldest first.</summary>
    public readonly IReadOnlyList<FlowEvent> List(long fromExclusive, long toInclusive, int limit)
    {
        var lo = FirstAfter(fromExclusive);
        var hi = FirstAfter(toInclusive);
        if (hi <= lo) return [];
        lo = Math.Max(lo, hi - limit);
        var list = new FlowEvent[hi - lo];
        for (var i = lo; i < hi; i++)
        {
            ref readonly var e = ref _items![_start + i];
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
    public int DistinctCounterparties(long fromExclusive, long toInclusive)
    {
        if (!_windowValid || fromExclusive >= _windowTo || toInclusive <= _windowFrom)
        {
            _distinct.Clear();
            Apply(fromExclusive, toInclusive, +1);
        }
        else
        {
            if (toInclusive > _windowTo) Apply(_windowTo, toInclusive, +1);
            else if (toInclusive < _windowTo) Apply(toInclusive, _windowTo, -1);
            if (fromExclusive > _windowFrom) Apply(_windowFrom, fromExclusive, -1);
            else if (fromExclusive < _windowFrom) Apply(fromExclusive, _windowFrom, +1);
        }
        (_windowFrom, _windowTo, _windowValid) = (fromExclusive, toInclusive, true);
        return _distinct.Count;
    }

    private void Apply(long fromExclusive, long toInclusive, int delta)
    {
        var hi = FirstAfter(toInclusive);
        for (var i = FirstAfter(fromExclusive); i < hi; i++) Tally(_items![_start + i], delta);
    }

    private void Tally(in Entry e, int delta)
    {
        if (e.Counterparty is { } c) _distinct.Change(c, delta);
    }

    private readonly bool InWindow(long ticks) => _windowValid && ticks > _windowFrom && ticks <= _windowTo;

    /// <summary>Time of the latest event at or before <paramref name="toInclusive"/>, if any is still held.</summary>
    public readonly long? LatestAtOrBefore(long toInclusive)
    {
        var hi = FirstAfter(toInclusive);
        return hi == 0 ? null : _items![_start + hi - 1].Ticks;
    }

    private readonly int FirstAfter(long ticks)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_items![_start + mid].Ticks <= ticks) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Running total of every amount ever added before position <paramref name="index"/>.</summary>
    private readonly long Before(int index) =>
        index < _count ? _items![_start + index].Cumulative - _items[_start + index].Amount : _total;

    private void DropOldest(int n)
    {
        for (var i = 0; i < n; i++)
        {
            if (InWindow(_items![_start + i].Ticks)) Tally(_items[_start + i], -1);
        }
        _start += n;
        _count -= n;
        if (_count == 0) _start = 0;
    }

    private void EnsureRoom(int capacity)
    {
        if (_items is null)
        {
            _items = new Entry[4];
            return;
        }
        if (_start + _count < _items.Length) return;
        // Grow while mostly full, up to twice the cap, so that at the cap a compaction happens once per `capacity`
        // additions: amortised O(1) even for a merchant that sits at the cap.
        if (_count > _items.Length / 2 && _items.Length < 2 * capacity)
        {
            var bigger = new Entry[Math.Min(_items.Length * 2, 2 * capacity)];
            Array.Copy(_items, _start, bigger, 0, _count);
            _items = bigger;
        }
        else
        {
            Array.Copy(_items, _start, _items, 0, _count);
        }
        _start = 0;
    }

    /// <param name="Type">Index into <see cref="TransactionTypes.All"/>: no reference, so the GC never scans a log.</param>
    private readonly record struct Entry(long Ticks, long Amount, long Cumulative, Guid? Counterparty, byte Type);
}
