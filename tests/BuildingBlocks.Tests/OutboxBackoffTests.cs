using Jade.Messaging;

namespace Jade.BuildingBlocks.Tests;

public sealed class OutboxBackoffTests
{
    [TestCase(1, 0.5)]
    [TestCase(2, 1)]
    [TestCase(3, 2)]
    [TestCase(6, 16)]
    [TestCase(7, 30)]
    [TestCase(1000, 30)]
    public void Backoff_doubles_from_half_a_second_up_to_the_cap(int failures, double seconds) =>
        Assert.That(OutboxRelayBackoff.After(failures, TimeSpan.FromSeconds(30)), Is.EqualTo(TimeSpan.FromSeconds(seconds)));
}
