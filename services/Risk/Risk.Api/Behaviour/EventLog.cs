using System.Runtime.InteropServices;

namespace Jade.Risk.Behaviour;

/// <summary>
/// One key's events of the last seven days, sorted by time, with running totals so a window's count and sum are two
/// binary searches instead of a scan: a merchant's incoming log can hold thousands of events. Not thread-safe; the
/// tracker holds the owning key's lock.
/// </summary>
internal sealed class EventLog(int capacity)
{
    private Entry[] _items = new Entry[4];
    private int _start;
    private int _count;
    private long _total;

    // Reference counts of counterparties in (_windowFrom, _windowTo], see DistinctCounterparties.
    private readonly Dictionary<Guid, int> _distinct = [];
    private long _windowFrom;
    private long _windowTo;
    private bool _windowValid;

    public int Count => _count;

    public long LastTicks => _count == 0 ? long.MinValue : _items[_start + _count - 1].Ticks;

    public void Add(long ticks, long amount, Guid? counterparty, string type)
    {
        if (_count == capacity) DropOldest(1);
        EnsureRoom();
        var position = _count;
        // Out-of-order arrivals (concurrent requests) are rare and a few milliseconds late: walk back to their place.
        while (position > 0 && _items[_start + position - 1].Ticks > ticks) position--;
        if (position < _count)
        {
            Array.Copy(_items, _start + position, _items, _start + position + 1, _count - position);
        }
        _count++;
        var before = position == 0 ? Before(0) : _items[_start + position - 1].Cumulative;
        _items[_start + position] = new Entry(ticks, amount, before + amount, counterparty, type);
        if (InWindow(ticks)) Tally(_items[_start + position], +1);
        for (var i = position + 1; i < _count; i++)
        {
            ref var later = ref _items[_start + i];
            later = later with { Cumulative = later.Cumulative + amount };
        }
        _total += amount;
    }

    /// <summary>Forgets events at or before <paramref name="cutoffTicks"/>.</summary>
    public void PruneUpTo(long cutoffTicks)
    {
        var drop = 0;
        while (drop < _count && _items[_start + drop].Ticks <= cutoffTicks) drop++;
        if (drop > 0) DropOldest(drop);
    }

    /// <summary>Count and sum of the events with <c>from &lt; ticks &lt;= to</c>.</summary>
    public (int Count, long Sum) Window(long fromExclusive, long toInclusive)
    {
        var lo = FirstAfter(fromExclusive);
        var hi = FirstAfter(toInclusive);
        return hi <= lo ? (0, 0) : (hi - lo, Before(hi) - Before(lo));
    }

    public WindowStats Stats(long nowTicks)
    {
        var m = Window(nowTicks - TimeSpan.TicksPerMinute, nowTicks);
        var h = Window(nowTicks - TimeSpan.TicksPerHour, nowTicks);
        var d = Window(nowTicks - TimeSpan.TicksPerDay, nowTicks);
        var w = Window(nowTicks - VelocityWindows.Longest.Ticks, nowTicks);
        return new WindowStats(m.Count, m.Sum, h.Count, h.Sum, d.Count, d.Sum, w.Count, w.Sum);
    }

    /// <summary>The most recent <paramref name="limit"/> events in the window, oldest first.</summary>
    public IReadOnlyList<FlowEvent> List(long fromExclusive, long toInclusive, int limit)
    {
        var lo = FirstAfter(fromExclusive);
        var hi = FirstAfter(toInclusive);
        if (hi <= lo) return [];
        lo = Math.Max(lo, hi - limit);
        var list = new FlowEvent[hi - lo];
        for (var i = lo; i < hi; i++)
        {
            ref readonly var e = ref _items[_start + i];
            list[i - lo] = new FlowEvent(new DateTimeOffset(e.Ticks, TimeSpan.Zero), e.Amount, e.Counterparty, e.Type);
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
        for (var i = FirstAfter(fromExclusive); i < hi; i++) Tally(_items[_start + i], delta);
    }

    private void Tally(in Entry e, int delta)
    {
        if (e.Counterparty is not { } c) return;
        ref var n = ref CollectionsMarshal.GetValueRefOrAddDefault(_distinct, c, out _);
        n += delta;
        if (n == 0) _distinct.Remove(c);
    }

    private bool InWindow(long ticks) => _windowValid && ticks > _windowFrom && ticks <= _windowTo;

    /// <summary>Time of the latest event at or before <paramref name="toInclusive"/>, if any is still held.</summary>
    public long? LatestAtOrBefore(long toInclusive)
    {
        var hi = FirstAfter(toInclusive);
        return hi == 0 ? null : _items[_start + hi - 1].Ticks;
    }

    private int FirstAfter(long ticks)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_items[_start + mid].Ticks <= ticks) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Running total of every amount ever added before position <paramref name="index"/>.</summary>
    private long Before(int index) =>
        index < _count ? _items[_start + index].Cumulative - _items[_start + index].Amount : _total;

    private void DropOldest(int n)
    {
        for (var i = 0; i < n; i++)
        {
            if (InWindow(_items[_start + i].Ticks)) Tally(_items[_start + i], -1);
        }
        Array.Clear(_items, _start, n);
        _start += n;
        _count -= n;
        if (_count == 0) _start = 0;
    }

    private void EnsureRoom()
    {
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
            Array.Clear(_items, _count, _items.Length - _count);
        }
        _start = 0;
    }

    private readonly record struct Entry(long Ticks, long Amount, long Cumulative, Guid? Counterparty, string Type);
}
