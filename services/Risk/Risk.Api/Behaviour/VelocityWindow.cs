namespace Jade.Risk.Behaviour;

/// <summary>The sliding windows the tracker counts over. A window of length W at instant t holds the events with
/// <c>t - W &lt; at &lt;= t</c>: an event exactly one hour old is no longer in the one-hour window.</summary>
public enum VelocityWindow
{
    OneMinute,
    OneHour,
    TwentyFourHours,
    SevenDays,
}

public static class VelocityWindows
{
    public static readonly IReadOnlyList<VelocityWindow> All =
        [VelocityWindow.OneMinute, VelocityWindow.OneHour, VelocityWindow.TwentyFourHours, VelocityWindow.SevenDays];

    /// <summary>The longest window; the tracker forgets events older than this.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(7);

    public static TimeSpan Length(this VelocityWindow window) => window switch
    {
        VelocityWindow.OneMinute => TimeSpan.FromMinutes(1),
        VelocityWindow.OneHour => TimeSpan.FromHours(1),
        VelocityWindow.TwentyFourHours => TimeSpan.FromHours(24),
        VelocityWindow.SevenDays => TimeSpan.FromDays(7),
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, null),
    };
}
