using System.Numerics;
using System.Runtime.CompilerServices;

namespace Jade.Risk.Behaviour;

/// <summary>A power-of-two run of elements in a <see cref="BlockPool{T}"/>; <c>default</c> is no block.</summary>
internal readonly record struct Block(int Handle, int Length)
{
    public bool IsNone => Length == 0;
}

/// <summary>
/// Blocks of reference-free elements carved from chunks of 65,536 that live on the large object heap, where no
/// young-generation collection ever copies or scans them; a returned block is reused for the next of its size. The
/// tracker takes one block per event log, counterparty table and recent set instead of an array each, so a customer
/// seen for the first time allocates nothing a gen-0 collection has to copy (docs/risk.md, "Where the tail goes").
/// Thread-safe: renting and returning take the pool's lock; reading a block's elements takes none, the owning key's
/// lock orders it after the rent.
/// </summary>
internal sealed class BlockPool<T> where T : unmanaged
{
    private const int ChunkShift = 16;
    public const int MaxLength = 1 << ChunkShift;

    private readonly T[]?[] _chunks = new T[]?[1 << 14];
    private readonly Stack<int>[] _free = Enumerable.Range(0, ChunkShift + 1).Select(_ => new Stack<int>()).ToArray();
    private readonly Lock _lock = new();
    private int _chunkCount;
    private int _bump = MaxLength;

    /// <summary>Memory held in chunks, used or free.</summary>
    public long Bytes => (long)Volatile.Read(ref _chunkCount) * MaxLength * Unsafe.SizeOf<T>();

    public Span<T> this[Block block] =>
        _chunks[block.Handle >>> ChunkShift].AsSpan(block.Handle & (MaxLength - 1), block.Length);

    /// <summary>A block of at least <paramref name="minLength"/> elements (a power of two), contents undefined.</summary>
    public Block Rent(int minLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minLength, MaxLength);
        var length = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(minLength, 1));
        var sizeClass = BitOperations.Log2((uint)length);
        lock (_lock)
        {
            if (_free[sizeClass].TryPop(out var handle)) return new Block(handle, length);
            if (_bump + length > MaxLength)
            {
                // The rest of the current chunk is left unused: at most one block's worth per chunk.
                if (_chunkCount == _chunks.Length) throw new InvalidOperationException("The behaviour tracker's memory is exhausted.");
                _chunks[_chunkCount++] = new T[MaxLength];
                _bump = 0;
            }
            var block = new Block(((_chunkCount - 1) << ChunkShift) | _bump, length);
            _bump += length;
            return block;
        }
    }

    public void Return(Block block)
    {
        if (block.IsNone) return;
        lock (_lock) _free[BitOperations.Log2((uint)block.Length)].Push(block.Handle);
    }
}

/// <summary>The tracker's three pools, passed to the state structs that keep their elements there.</summary>
internal sealed class TrackerMemory
{
    public BlockPool<EventLog.Entry> Events { get; } = new();
    public BlockPool<CounterpartyCounts.Slot> Counterparties { get; } = new();
    public BlockPool<RecentSet.Use> Uses { get; } = new();

    public long Bytes => Events.Bytes + Counterparties.Bytes + Uses.Bytes;
}
