namespace Jade.Risk.Behaviour;

/// <summary>Count and sum (minor units) of one key's events per <see cref="VelocityWindow"/>.</summary>
public readonly record struct WindowStats(
    int Count1m, long Sum1m,
    int Count1h, long Sum1h,
    int Count24h, long Sum24h,
    int Count7d, long Sum7d)
{
    public static WindowStats Empty => default;

    public int Count(VelocityWindow window) => window switch
    {
        VelocityWindow.OneMinute => Count1m,
        VelocityWindow.OneHour => Count1h,
        VelocityWindow.TwentyFourHours => Count24h,
        VelocityWindow.SevenDays => Count7d,
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, null),
    };

    public long Sum(VelocityWindow window) => window switch
    {
        VelocityWindow.OneMinute => Sum1m,
        VelocityWindow.OneHour => Sum1h,
        VelocityWindow.TwentyFourHours => Sum24h,
        VelocityWindow.SevenDays => Sum7d,
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, null),
    };
}
