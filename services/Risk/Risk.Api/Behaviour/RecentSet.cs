namespace Jade.Risk.Behaviour;

/// <summary>The <c>capacity</c> most recently used keys: bounds what the tracker remembers of, say, a payer's
/// payees, forgetting the one used longest ago. A mutable struct kept inside its key's state (use it through a
/// reference) over one array of reference-free entries, scanned linearly: a handful of entries for most payers, a few
/// hundred at most. Not thread-safe; the tracker holds the owning key's lock.</summary>
internal struct RecentSet
{
    private Use[]? _uses;
    private int _count;
    private long _clock;

    public readonly int Count => _count;

    public readonly bool Contains(Guid key) => IndexOf(key) >= 0;

    public void Touch(Guid key, int capacity)
    {
        var stamp = ++_clock;
        var index = IndexOf(key);
        if (index < 0 && _count < capacity)
        {
            if (_uses is null || _count == _uses.Length) Grow(capacity);
            index = _count++;
        }
        else if (index < 0)
        {
            index = 0;
            for (var i = 1; i < _count; i++)
            {
                if (_uses![i].Stamp < _uses[index].Stamp) index = i;
            }
        }
        _uses![index] = new Use(key, stamp);
    }

    private readonly int IndexOf(Guid key)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_uses![i].Key == key) return i;
        }
        return -1;
    }

    private void Grow(int capacity)
    {
        var bigger = new Use[Math.Min(capacity, _uses is null ? 4 : _uses.Length * 2)];
        if (_uses is not null) Array.Copy(_uses, bigger, _count);
        _uses = bigger;
    }

    private readonly record struct Use(Guid Key, long Stamp);
}
