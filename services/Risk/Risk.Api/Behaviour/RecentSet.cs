namespace Jade.Risk.Behaviour;

/// <summary>The <c>capacity</c> most recently used values: bounds what the tracker remembers of, say, a payer's
/// payees, forgetting the one used longest ago. Not thread-safe; the tracker holds the owning key's lock.</summary>
internal sealed class RecentSet<T>(int capacity) where T : notnull
{
    private readonly Dictionary<T, long> _lastUsed = [];
    private long _clock;

    public int Count => _lastUsed.Count;

    public bool Contains(T value) => _lastUsed.ContainsKey(value);

    public void Touch(T value)
    {
        _lastUsed[value] = ++_clock;
        if (_lastUsed.Count <= capacity) return;
        // A linear scan of at most a few hundred entries, only when a new value arrives at a full set.
        var oldest = default(T)!;
        var oldestUse = long.MaxValue;
        foreach (var (key, used) in _lastUsed)
        {
            if (used < oldestUse) (oldest, oldestUse) = (key, used);
        }
        _lastUsed.Remove(oldest);
    }
}
