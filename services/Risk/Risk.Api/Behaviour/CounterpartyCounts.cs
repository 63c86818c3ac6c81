namespace Jade.Risk.Behaviour;

/// <summary>
/// Reference counts per counterparty in one array of reference-free slots (which the GC does not scan): open
/// addressing with linear probing, deletion by shifting the cluster back (no tombstones). A count of zero marks a
/// free slot. A mutable struct kept inside its owner; use it through a reference. Not thread-safe; the tracker holds
/// the owning key's lock.
/// </summary>
internal struct CounterpartyCounts
{
    private Slot[]? _slots;
    private int _used;

    public readonly int Count => _used;

    public void Clear()
    {
        if (_used == 0) return;
        System.Array.Clear(_slots!);
        _used = 0;
    }

    public void Change(Guid key, int delta)
    {
        if (_slots is null || (_used + 1) * 4 > _slots.Length * 3) Grow();
        var mask = _slots!.Length - 1;
        var i = Home(key, mask);
        while (_slots[i].Count != 0 && _slots[i].Key != key) i = (i + 1) & mask;
        if (_slots[i].Count == 0)
        {
            _slots[i] = new Slot(key, delta);
            _used++;
            return;
        }
        _slots[i].Count += delta;
        if (_slots[i].Count == 0) RemoveAt(i, mask);
    }

    private void RemoveAt(int hole, int mask)
    {
        _used--;
        var i = hole;
        while (true)
        {
            _slots![hole] = default;
            // Move the next entry of the cluster into the hole unless its home lies cyclically in (hole, i].
            while (true)
            {
                i = (i + 1) & mask;
                if (_slots[i].Count == 0) return;
                var home = Home(_slots[i].Key, mask);
                var staysPut = hole <= i ? hole < home && home <= i : hole < home || home <= i;
                if (!staysPut) break;
            }
            _slots[hole] = _slots[i];
            hole = i;
        }
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[old is null ? 8 : old.Length * 2];
        _used = 0;
        if (old is null) return;
        foreach (var slot in old)
        {
            if (slot.Count != 0) Change(slot.Key, slot.Count);
        }
    }

    private static int Home(Guid key, int mask) => key.GetHashCode() & mask;

    private struct Slot(Guid key, int count)
    {
        public Guid Key = key;
        public int Count = count;
    }
}
