using Jade.Risk.Behaviour;

namespace Jade.Risk.Tests.Behaviour;

public sealed class CounterpartyCountsTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Random_changes_keep_the_same_counts_as_a_dictionary(int seed)
    {
        // Few distinct keys, many changes: clusters grow, shrink and wrap around, which is where shifting deletion
        // could lose an entry.
        var random = new Random(seed);
        var keys = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid()).ToArray();
        var expected = new Dictionary<Guid, int>();
        var pool = new BlockPool<CounterpartyCounts.Slot>();
        var counts = new CounterpartyCounts();

        for (var step = 0; step < 50_000; step++)
        {
            var key = keys[random.Next(step < 25_000 ? keys.Length : 40)];
            var delta = expected.GetValueOrDefault(key) > 0 && random.Next(2) == 0 ? -1 : +1;
            counts.Change(key, delta, pool);
            expected[key] = expected.GetValueOrDefault(key) + delta;
            if (expected[key] == 0) expected.Remove(key);
        }

        Assert.That(counts.Count, Is.EqualTo(expected.Count));
        foreach (var (key, count) in expected)
        {
            for (var i = 0; i < count; i++) counts.Change(key, -1, pool);
        }
        Assert.That(counts.Count, Is.Zero, "every key drops out when its count reaches zero");
    }

    [Test]
    public void Clear_forgets_every_key()
    {
        var pool = new BlockPool<CounterpartyCounts.Slot>();
        var counts = new CounterpartyCounts();
        var key = Guid.NewGuid();
        counts.Change(key, +1, pool);
        counts.Change(Guid.NewGuid(), +2, pool);

        counts.Clear(pool);
        counts.Change(key, +1, pool);

        Assert.That(counts.Count, Is.EqualTo(1));
    }
}
