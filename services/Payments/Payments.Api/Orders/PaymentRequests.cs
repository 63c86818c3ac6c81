using System.Globalization;
using System.Text.RegularExpressions;
using Jade.ServiceDefaults;

namespace Jade.Payments.Orders;

public static partial class PaymentRequests
{
    public const int MaxMemoLength = 140;
    public const string Currency = "CNY";
    private const int MinorDigits = 2;

    /// <summary>
    /// A decimal amount in major units as text ("30.00"), read exactly into minor units: no binary floating point ever
    /// sees it. Null when the text is not a positive amount with at most two decimals and thirteen integer digits.
    /// </summary>
    public static long? ParseAmount(string? text)
    {
        if (text is null || !AmountPattern().IsMatch(text)) return null;
        var parts = text.Split('.');
        var whole = long.Parse(parts[0], CultureInfo.InvariantCulture);
        var fraction = parts.Length == 2 ? long.Parse(parts[1].PadRight(MinorDigits, '0'), CultureInfo.InvariantCulture) : 0;
        var minor = whole * 100 + fraction;
        return minor > 0 ? minor : null;
    }

    /// <summary>Minor units back as the plain decimal text the API and CSV use ("30.00").</summary>
    public static string FormatAmount(long minor) =>
        (minor < 0 ? "-" : "") + (Math.Abs(minor) / 100).ToString(CultureInfo.InvariantCulture) + "."
        + (Math.Abs(minor) % 100).ToString("00", CultureInfo.InvariantCulture);

    public static string? MemoProblem(string? memo) =>
        memo is not null && (memo.Length > MaxMemoLength || memo.Any(FreeText.IsUnsafeInText))
            ? $"The note is at most {MaxMemoLength} characters, without control characters."
            : null;


    [GeneratedRegex(@"^[0-9]{1,13}(\.[0-9]{1,2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex AmountPattern();
}
