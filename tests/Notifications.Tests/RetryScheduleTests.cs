namespace Jade.Notifications.Tests;

public sealed class RetryScheduleTests
{
    [TestCase(1, 1_000)]
    [TestCase(2, 2_000)]
    [TestCase(3, 4_000)]
    [TestCase(6, 30_000)]
    [TestCase(40, 30_000)]
    public void A_retry_waits_between_half_and_all_of_the_doubled_capped_delay(int attemptsUsed, int fullMs)
    {
        var waits = Enumerable.Range(0, 200).Select(_ => RetrySchedule.After(attemptsUsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30))).ToList();

        Assert.That(waits, Is.All.InRange(TimeSpan.FromMilliseconds(fullMs / 2.0), TimeSpan.FromMilliseconds(fullMs)));
        Assert.That(waits.Distinct().Count(), Is.GreaterThan(1), "jittered, not a fixed wait");
    }
}
