using System.Runtime.CompilerServices;

namespace Jade.Risk.Behaviour;

/// <summary>
/// State structs per 128-bit key, split over stripes that each have one lock, one index and one array of states: no
/// object per key, and with reference-free states (the tracker's keep their buffers in <see cref="BlockPool{T}"/>s) a
/// key seen for the first time gives the young-generation GC nothing to copy. Callers lock <see cref="For"/>'s stripe
/// and work on the state through a reference, which stays valid until the next <see cref="Stripe.GetOrAdd"/> on that
/// stripe.
/// </summary>
internal sealed class KeyedStates<TState> where TState : struct
{
    private readonly Stripe[] _stripes;

    public KeyedStates(int stripes = 64)
    {
        _stripes = new Stripe[stripes];
        for (var i = 0; i < stripes; i++) _stripes[i] = new Stripe();
    }

    public Stripe For(Guid key) => _stripes[(int)((uint)key.GetHashCode() % (uint)_stripes.Length)];

    public IReadOnlyList<Stripe> Stripes => _stripes;

    /// <summary>Keys held; for metrics, so read without the stripes' locks.</summary>
    public int Count => _stripes.Sum(s => s.Count);

    public delegate bool IdleAfterPrune(ref TState state);

    public sealed class Stripe
    {
        private readonly Dictionary<Guid, int> _index = [];
        private readonly Stack<int> _free = new();
        private TState[] _states = new TState[16];

        public int Count => _index.Count;

        /// <summary>The key's state, or a null reference (check with <see cref="Unsafe.IsNullRef{T}(ref readonly T)"/>).</summary>
        public ref TState Find(Guid key) =>
            ref _index.TryGetValue(key, out var slot) ? ref _states[slot] : ref Unsafe.NullRef<TState>();

        public ref TState GetOrAdd(Guid key)
        {
            if (_index.TryGetValue(key, out var slot)) return ref _states[slot];
            if (!_free.TryPop(out slot))
            {
                slot = _index.Count;
                if (slot == _states.Length) Array.Resize(ref _states, _states.Length * 2);
            }
            _index.Add(key, slot);
            return ref _states[slot];
        }

        /// <summary>Removes the keys whose state <paramref name="idle"/> (which may prune it first) says is idle;
        /// returns how many. The caller holds the stripe's lock.</summary>
        public int RemoveIdle(IdleAfterPrune idle)
        {
            var removed = 0;
            foreach (var (key, slot) in _index)
            {
                if (!idle(ref _states[slot])) continue;
                _states[slot] = default;
                _index.Remove(key);
                _free.Push(slot);
                removed++;
            }
            return removed;
        }
    }
}
