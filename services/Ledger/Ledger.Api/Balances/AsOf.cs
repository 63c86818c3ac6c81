using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Jade.Ledger.Balances;

/// <summary>
/// Parses <c>asOf</c>: a ledger timestamp (nanoseconds since the Unix epoch, digits only) or an ISO-8601 instant with
/// <c>Z</c> or an offset. A local time without offset is refused: it would name a different instant on every server.
/// </summary>
public static class AsOf
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm'Z'",
        "yyyy-MM-dd'T'HH:mmzzz",
    ];

    public static bool TryParse(string? text, [NotNullWhen(true)] out long? nanos)
    {
        nanos = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var integer))
        {
            nanos = integer;
            return true;
        }
        if (!DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return false;
        }
        // 100 ns ticks; instants past 2262 do not fit a ledger timestamp.
        var ticks = (instant - DateTimeOffset.UnixEpoch).Ticks;
        if (ticks > long.MaxValue / 100 || ticks < long.MinValue / 100) return false;
        nanos = ticks * 100;
        return true;
    }
}
