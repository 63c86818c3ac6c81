namespace Jade.Notifications;

/// <summary>When a failed e-mail, SMS or webhook delivery is tried again.</summary>
public static class RetrySchedule
{
    /// <summary>
    /// <paramref name="first"/> doubled per try already used, capped at <paramref name="max"/>, then "equal jitter":
    /// between half and all of it, so deliveries that failed together do not all return to a recovering receiver at once.
    /// </summary>
    public static TimeSpan After(int attemptsUsed, TimeSpan first, TimeSpan max)
    {
        var exponent = Math.Min(Math.Max(attemptsUsed - 1, 0), 30);
        var full = Math.Min(max.TotalMilliseconds, first.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(full / 2 + Random.Shared.NextDouble() * full / 2);
    }
}
