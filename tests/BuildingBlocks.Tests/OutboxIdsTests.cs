using Jade.Messaging;

namespace Jade.BuildingBlocks.Tests;

public sealed class OutboxIdsTests
{
    [Test]
    public void Ids_of_one_millisecond_rise_in_the_order_they_were_taken_and_stay_version_7()
    {
        var generator = new OutboxIds();
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 10_000).Select(_ => generator.Next(now)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(ids.Zip(ids.Skip(1)).All(p => RfcOrder(p.First, p.Second) < 0), "each id sorts after the one before, as PostgreSQL sorts uuid");
            Assert.That(ids.All(id => id.Version == 7 && id.Variant is >= 8 and <= 0xB), "RFC 9562 version 7");
            Assert.That(ids.All(id => Timestamp(id) == now.ToUnixTimeMilliseconds()), "the timestamp is kept");
        });
    }

    [Test]
    public void A_clock_that_steps_back_does_not_make_ids_fall()
    {
        var generator = new OutboxIds();
        var later = generator.Next(DateTimeOffset.UtcNow.AddMinutes(5));
        var earlier = generator.Next(DateTimeOffset.UtcNow);

        Assert.That(RfcOrder(later, earlier), Is.LessThan(0));
    }

    private static int RfcOrder(Guid a, Guid b) => a.ToByteArray(bigEndian: true).AsSpan().SequenceCompareTo(b.ToByteArray(bigEndian: true));

    private static long Timestamp(Guid id)
    {
        var bytes = id.ToByteArray(bigEndian: true);
        return ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
    }
}
