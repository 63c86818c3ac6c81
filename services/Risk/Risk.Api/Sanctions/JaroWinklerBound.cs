using SimMetrics.Net.Metric;

namespace Jade.Risk.Sanctions;

/// <summary>
/// A cheap ceiling on Jaro-Winkler: Jaro's matches cannot outnumber the letters two tokens share, and transpositions
/// only lower it, so Jaro ≤ (m/|a| + m/|b| + 1)/3 with m the shared letter count; the Winkler prefix boost grows
/// with Jaro. SimMetrics.Net costs about a microsecond a pair, so the matcher skips a pair whose ceiling cannot beat
/// the best partner either token already has: the scores come out exactly as if every pair had been computed.
/// </summary>
public static class JaroWinklerBound
{
    private const int Letters = 36;
    private const double PrefixScale = 0.1;
    private const int MaxPrefix = 4;
    private const double Slack = 1e-6;

    /// <summary>Counts of A–Z and 0–9 in a normalized token.</summary>
    public static byte[] Histogram(string token)
    {
        var counts = new byte[Letters];
        foreach (var c in token)
        {
            var slot = c is >= 'A' and <= 'Z' ? c - 'A' : c is >= '0' and <= '9' ? 26 + c - '0' : -1;
            if (slot >= 0 && counts[slot] < byte.MaxValue) counts[slot]++;
        }
        return counts;
    }

    public static double Ceiling(string a, byte[] histogramA, string b, byte[] histogramB)
    {
        var shared = 0;
        for (var i = 0; i < Letters; i++) shared += Math.Min(histogramA[i], histogramB[i]);
        if (shared == 0) return 0;
        var jaro = ((double)shared / a.Length + (double)shared / b.Length + 1) / 3;
        var prefix = 0;
        while (prefix < MaxPrefix && prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) prefix++;
        // SimMetrics computes partly in single precision: leave room for its rounding.
        return Math.Min(1, jaro + prefix * PrefixScale * (1 - jaro) + Slack);
    }

    /// <summary>The metric itself; exposed so the bound's test compares against exactly what the matcher uses.</summary>
    public static double Similarity(JaroWinkler metric, string a, string b) => a == b ? 1 : metric.GetSimilarity(a, b);
}
