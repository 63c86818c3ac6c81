namespace Jade.ServiceDefaults;

/// <summary>
/// Jade counts days as its customers and their banks do: in Beijing time (UTC+8, no daylight saving). Payment limits,
/// history filters, receipt numbers and a KYC applicant's age all use it.
/// </summary>
public static class BusinessDay
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The instant the business day containing <paramref name="instant"/> began.</summary>
    public static DateTimeOffset StartOf(DateTimeOffset instant) => Of(DateOf(instant));

    /// <summary>The instant <paramref name="day"/> begins in Beijing.</summary>
    public static DateTimeOffset Of(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);
}
