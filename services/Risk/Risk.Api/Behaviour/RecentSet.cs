namespace Jade.Risk.Behaviour;

/// <summary>The <c>capacity</c> most recently used keys: bounds what the tracker remembers of, say, a payer's
/// payees, forgetting the one used longest ago. A mutable struct kept inside its key's state (use it through a
/// reference) over one block of the tracker's memory, scanned linearly: a handful of entries for most payers, a few
/// hundred at most. Not thread-safe; the tracker holds the owning key's lock.</summary>
internal struct RecentSet
{
    private Block _block;
    private int _count;
    private long _clock;

    public readonly int Count => _count;

    public readonly bool Contains(Guid key, BlockPool<Use> pool) => IndexOf(key, pool) >= 0;

    public void Touch(Guid key, int capacity, BlockPool<Use> pool)
    {
        var stamp = ++_clock;
        var index = IndexOf(key, pool);
        if (index < 0 && _count < capacity)
        {
            if (_count == _block.Length) Grow(capacity, pool);
            index = _count++;
        }
        else if (index < 0)
        {
            var full = pool[_block][.._count];
            index = 0;
            for (var i = 1; i < full.Length; i++)
            {
                if (full[i].Stamp < full[index].Stamp) index = i;
            }
        }
        pool[_block][index] = new Use(key, stamp);
    }

    /// <summary>Gives the block back; the set is empty afterwards.</summary>
    public void Release(BlockPool<Use> pool)
    {
        pool.Return(_block);
        this = default;
    }

    private readonly int IndexOf(Guid key, BlockPool<Use> pool)
    {
        if (_count == 0) return -1;
        var uses = pool[_block][.._count];
        for (var i = 0; i < uses.Length; i++)
        {
            if (uses[i].Key == key) return i;
        }
        return -1;
    }

    private void Grow(int capacity, BlockPool<Use> pool)
    {
        var bigger = pool.Rent(Math.Min(capacity, _block.IsNone ? 4 : _block.Length * 2));
        if (!_block.IsNone)
        {
            pool[_block][.._count].CopyTo(pool[bigger]);
            pool.Return(_block);
        }
        _block = bigger;
    }

    internal readonly record struct Use(Guid Key, long Stamp);
}
