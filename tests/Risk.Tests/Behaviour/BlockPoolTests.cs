using System.Numerics;
using Jade.Risk.Behaviour;

namespace Jade.Risk.Tests.Behaviour;

public sealed class BlockPoolTests
{
    [Test]
    public void Blocks_in_use_never_overlap_and_a_returned_block_is_reused_for_its_size()
    {
        var pool = new BlockPool<long>();
        static int Wanted(int b) => b % 37 + 1;
        var blocks = Enumerable.Range(0, 200).Select(b => pool.Rent(Wanted(b))).ToList();
        for (var b = 0; b < blocks.Count; b++) pool[blocks[b]].Fill(b);

        for (var b = 0; b < blocks.Count; b++)
        {
            Assert.That(pool[blocks[b]].ToArray(), Is.All.EqualTo(b), $"block {b} was overwritten by another");
            Assert.That(blocks[b].Length, Is.GreaterThanOrEqualTo(Wanted(b)));
            Assert.That(BitOperations.IsPow2(blocks[b].Length));
        }

        pool.Return(blocks[5]);
        Assert.That(pool.Rent(blocks[5].Length), Is.EqualTo(blocks[5]));
    }

    [Test]
    public void A_block_bigger_than_a_chunk_is_refused()
    {
        var pool = new BlockPool<long>();

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(BlockPool<long>.MaxLength + 1));
        Assert.That(pool.Rent(BlockPool<long>.MaxLength).Length, Is.EqualTo(BlockPool<long>.MaxLength));
    }
}
