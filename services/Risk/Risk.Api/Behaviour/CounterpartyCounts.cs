namespace Jade.Risk.Behaviour;

/// <summary>
/// Reference counts per counterparty in one block of the tracker's memory: open addressing with linear probing,
/// deletion by shifting the cluster back (no tombstones). A count of zero marks a free slot. A mutable struct kept
/// inside its owner; use it through a reference. Not thread-safe; the tracker holds the owning key's lock.
/// </summary>
internal struct CounterpartyCounts
{
    private Block _block;
    private int _used;

    public readonly int Count => _used;

    public void Clear(BlockPool<Slot> pool)
    {
        if (_used == 0) return;
        pool[_block].Clear();
        _used = 0;
    }

    public void Change(Guid key, int delta, BlockPool<Slot> pool)
    {
        if (_block.IsNone || (_used + 1) * 4 > _block.Length * 3) Grow(pool);
        var slots = pool[_block];
        var mask = slots.Length - 1;
        var i = Home(key, mask);
        while (slots[i].Count != 0 && slots[i].Key != key) i = (i + 1) & mask;
        if (slots[i].Count == 0)
        {
            slots[i] = new Slot(key, delta);
            _used++;
            return;
        }
        slots[i].Count += delta;
        if (slots[i].Count == 0) RemoveAt(slots, i);
    }

    /// <summary>Gives the block back; the counts are empty afterwards.</summary>
    public void Release(BlockPool<Slot> pool)
    {
        pool.Return(_block);
        this = default;
    }

    private void RemoveAt(Span<Slot> slots, int hole)
    {
        _used--;
        var mask = slots.Length - 1;
        var i = hole;
        while (true)
        {
            slots[hole] = default;
            // Move the next entry of the cluster into the hole unless its home lies cyclically in (hole, i].
            while (true)
            {
                i = (i + 1) & mask;
                if (slots[i].Count == 0) return;
                var home = Home(slots[i].Key, mask);
                var staysPut = hole <= i ? hole < home && home <= i : hole < home || home <= i;
                if (!staysPut) break;
            }
            slots[hole] = slots[i];
            hole = i;
        }
    }

    private void Grow(BlockPool<Slot> pool)
    {
        var old = _block;
        _block = pool.Rent(old.IsNone ? 8 : old.Length * 2);
        pool[_block].Clear();
        _used = 0;
        if (old.IsNone) return;
        foreach (var slot in pool[old])
        {
            if (slot.Count != 0) Change(slot.Key, slot.Count, pool);
        }
        pool.Return(old);
    }

    private static int Home(Guid key, int mask) => key.GetHashCode() & mask;

    internal struct Slot(Guid key, int count)
    {
        public Guid Key = key;
        public int Count = count;
    }
}
