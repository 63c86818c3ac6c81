using System.Globalization;
using Microsoft.Extensions.Options;
using SimMetrics.Net.Metric;

namespace Jade.Risk.Sanctions;

/// <summary>What a caller knows about the party being screened; only the name is required.</summary>
public sealed record ScreeningQuery(string Name, string? Type = null, DateOnly? DateOfBirth = null, string? Country = null);

public sealed record SanctionsMatch(int EntNum, string Name, string Type, IReadOnlyList<string> Programs, double Score, IReadOnlyList<string> Reasons);

/// <summary>
/// OFAC-style fuzzy screening: each query token takes its best Jaro-Winkler partner among a listed name's tokens
/// (and the reverse, so a listed name with extra tokens does not match a fragment perfectly), legal forms and
/// particles weigh a tenth of a real token, Soundex disagreement costs a little, and the qualifiers the caller
/// supplies (type, date of birth, country) lower the score on a conflict and raise it slightly on agreement.
/// A match carries the reasons a reviewer needs to clear or escalate it without re-running the search.
/// </summary>
public sealed class SanctionsMatcher(SanctionsIndex index, IOptions<SanctionsOptions> options)
{
    private const double WeakWeight = 0.1;
    private const double SoundexPenalty = 0.05;
    private const double TypeConflict = 0.10;
    private const double BirthConflict = 0.15;
    private const double CountryConflict = 0.05;
    private const double Agreement = 0.02;
    public const int MaxMatches = 20;

    public double Threshold => options.Value.Threshold;

    public IReadOnlyList<SanctionsMatch> Screen(ScreeningQuery query)
    {
        var normalized = NameNormalizer.Normalize(query.Name, lastFirst: true);
        var tokens = normalized.Tokens;
        if (tokens.Count == 0) return [];
        var significant = SanctionsIndex.Significant(tokens);
        var joined = string.Concat(significant);
        // SimMetrics does not promise its metrics are thread-safe: one per screen keeps concurrent screens apart.
        var jaroWinkler = new JaroWinkler();
        var memo = tokens.Select(_ => new Dictionary<int, double>()).ToArray();
        var histograms = tokens.Select(JaroWinklerBound.Histogram).ToArray();
        var querySoundex = tokens.Select(Soundex.Encode).ToArray();
        var queryTokens = new QueryTokens(tokens, tokens.Select(NameNormalizer.IsWeak).ToArray(), histograms, joined, JaroWinklerBound.Histogram(joined));

        var best = new Dictionary<int, (double Score, SanctionsIndex.IndexedName Name, double Similarity, int Agreeing)>();
        foreach (var id in index.Candidates(significant))
        {
            var name = index.Names[id];
            // Most candidates share one common sound (MUHAMMAD, ALI…) and nothing else; the letter-count ceiling
            // rules them out without a single Jaro-Winkler call, and cannot rule out anything that would be reported.
            if (Ceiling(queryTokens, significant.Count, name) + 3 * Agreement < Threshold) continue;
            var (similarity, agreeing) = NameSimilarity(queryTokens, querySoundex, significant.Count, name, jaroWinkler, memo);
            var score = similarity - SoundexPenalty * (1 - (double)agreeing / significant.Count);
            if (!best.TryGetValue(name.Entry.EntNum, out var current) || score > current.Score)
                best[name.Entry.EntNum] = (score, name, similarity, agreeing);
        }

        var weakReasons = tokens.Where(NameNormalizer.IsWeak).Distinct()
            .Select(t => NameNormalizer.LegalForms.Contains(t) ? $"legal form '{t}' ignored"
                : t.Length == 1 ? $"initial '{t}' ignored" : $"common word '{t}' ignored").ToList();
        var matches = new List<SanctionsMatch>();
        foreach (var (score, name, similarity, agreeing) in best.Values)
        {
            // Agreements add at most 3 × 0.02: a candidate further below the line cannot reach it.
            if (score + 3 * Agreement < Threshold) continue;
            var reasons = new List<string>
            {
                $"name {Format(similarity)} (Jaro-Winkler) to {Describe(name.Name)}",
                $"soundex agrees on {agreeing} of {significant.Count} token{(significant.Count == 1 ? "" : "s")}",
            };
            reasons.AddRange(weakReasons);
            var qualified = Math.Clamp(score + Qualify(query, name.Entry, reasons), 0, 1);
            if (qualified >= Threshold)
            {
                var entry = name.Entry;
                matches.Add(new SanctionsMatch(entry.EntNum, entry.Name, entry.Type, entry.Programs, Math.Round(qualified, 3), reasons));
            }
        }
        return [.. matches.OrderByDescending(m => m.Score).ThenBy(m => m.EntNum).Take(MaxMatches)];
    }

    /// <summary>Weighted token-set Jaro-Winkler (mean of both directions), or, when the token counts differ, the
    /// names written as one word if that is closer (split and joined spellings); plus Soundex agreement.</summary>
    private (double Similarity, int Agreeing) NameSimilarity(QueryTokens queryTokens, string[] querySoundex, int significantCount,
        SanctionsIndex.IndexedName name, JaroWinkler jaroWinkler, Dictionary<int, double>[] memo)
    {
        var (query, queryWeak, histograms, joined, _) = queryTokens;
        double forward = 0, forwardWeight = 0;
        var agreeing = 0;
        Span<double> bestForListed = stackalloc double[name.Tokens.Length];
        bestForListed.Clear();
        for (var q = 0; q < query.Count; q++)
        {
            double bestScore = 0;
            var bestToken = -1;
            for (var c = 0; c < name.Tokens.Length; c++)
            {
                var token = name.Tokens[c];
                if (!memo[q].TryGetValue(token, out var s))
                {
                    var listed = index.Token(token);
                    if (queryWeak[q] || index.IsWeakToken(token)) s = query[q] == listed ? 1 : 0;
                    else if (JaroWinklerBound.Ceiling(query[q], histograms[q], listed, index.TokenHistogram(token)) is var ceiling
                        && ceiling <= bestScore && ceiling <= bestForListed[c]) continue;
                    else s = JaroWinklerBound.Similarity(jaroWinkler, query[q], listed);
                    memo[q][token] = s;
                }
                if (s > bestScore) { bestScore = s; bestToken = token; }
                if (s > bestForListed[c]) bestForListed[c] = s;
            }
            var weak = queryWeak[q];
            var weight = weak && significantCount < query.Count ? WeakWeight : 1;
            forward += weight * bestScore;
            forwardWeight += weight;
            if (!weak || significantCount == query.Count)
            {
                if (bestToken >= 0 && querySoundex[q] == index.TokenSoundex(bestToken)) agreeing++;
            }
        }


        var similarity = (forward / forwardWeight + ReverseAverage(name, bestForListed)) / 2;
        if (JoinedComparable(joined, significantCount, name))
            similarity = Math.Max(similarity, JaroWinklerBound.Similarity(jaroWinkler, joined, name.Joined));
        return (similarity, agreeing);
    }

    /// <summary>How well each listed token is covered by the query: the weighted mean of their best scores.</summary>
    private double ReverseAverage(SanctionsIndex.IndexedName name, ReadOnlySpan<double> bestForListed)
    {
        double sum = 0, weights = 0;
        for (var c = 0; c < name.Tokens.Length; c++)
        {
            var weight = name.Significant.Length < name.Tokens.Length && index.IsWeakToken(name.Tokens[c]) ? WeakWeight : 1;
            sum += weight * bestForListed[c];
            weights += weight;
        }
        return sum / weights;
    }

    /// <summary>The name similarity computed as <see cref="NameSimilarity"/> does, with each pair's
    /// <see cref="JaroWinklerBound.Ceiling"/> in place of its Jaro-Winkler: never below the real value.</summary>
    private double Ceiling(QueryTokens queryTokens, int significantCount, SanctionsIndex.IndexedName name)
    {
        var (query, queryWeak, histograms, joined, joinedHistogram) = queryTokens;
        Span<double> bestForListed = stackalloc double[name.Tokens.Length];
        bestForListed.Clear();
        double forward = 0, forwardWeight = 0;
        for (var q = 0; q < query.Count; q++)
        {
            double best = 0;
            for (var c = 0; c < name.Tokens.Length; c++)
            {
                var listed = index.Token(name.Tokens[c]);
                var s = queryWeak[q] || index.IsWeakToken(name.Tokens[c])
                    ? query[q] == listed ? 1 : 0
                    : JaroWinklerBound.Ceiling(query[q], histograms[q], listed, index.TokenHistogram(name.Tokens[c]));
                best = Math.Max(best, s);
                bestForListed[c] = Math.Max(bestForListed[c], s);
            }
            var weight = queryWeak[q] && significantCount < query.Count ? WeakWeight : 1;
            forward += weight * best;
            forwardWeight += weight;
        }
        var ceiling = (forward / forwardWeight + ReverseAverage(name, bestForListed)) / 2;
        return !JoinedComparable(joined, significantCount, name) ? ceiling
            : Math.Max(ceiling, JaroWinklerBound.Ceiling(joined, joinedHistogram, name.Joined, name.JoinedHistogram));
    }

    /// <summary>Written as one word only when the words are cut differently: different token counts but about the same
    /// letters. Without the length check "MARIA GARCIA" would score 0.9 against a listed "MARA" on the shared prefix.</summary>
    private static bool JoinedComparable(string joined, int significantCount, SanctionsIndex.IndexedName name) =>
        significantCount != name.Significant.Length
        && Math.Abs(joined.Length - name.Joined.Length) <= Math.Max(2, Math.Max(joined.Length, name.Joined.Length) / 5);

    /// <summary>
    /// The query's tokens with what every candidate needs of them, computed once per screen. Particles, legal forms
    /// and initials (<see cref="Weak"/>) are a closed vocabulary weighing a tenth of a token: only equality counts for
    /// them, which also spares Jaro-Winkler on the commonest tokens of the list.
    /// </summary>
    private sealed record QueryTokens(IReadOnlyList<string> Tokens, bool[] Weak, byte[][] Histograms, string Joined, byte[] JoinedHistogram);

    /// <summary>Adjustment from the caller's qualifiers; explains each one it applies.</summary>
    private static double Qualify(ScreeningQuery query, SanctionsEntry entry, List<string> reasons)
    {
        double adjustment = 0;
        if (query.Type is { } type)
        {
            var listed = entry.IsIndividual ? SanctionsEntry.Individual : SanctionsEntry.Entity;
            if (type == listed) { adjustment += Agreement; reasons.Add($"type {type} matches"); }
            else { adjustment -= TypeConflict; reasons.Add($"type {type} differs from listed {entry.Type} (-{Format(TypeConflict)})"); }
        }
        if (query.DateOfBirth is { } born && entry.BirthDates.Count > 0)
        {
            var year = born.Year;
            if (entry.BirthDates.FirstOrDefault(d => d.Exact == born) is { } exact)
            {
                adjustment += Agreement;
                reasons.Add($"date of birth {born:yyyy-MM-dd} matches {exact.Text}");
            }
            else if (entry.BirthDates.FirstOrDefault(d => d.Covers(year, slack: 1)) is { } near)
            {
                adjustment += Agreement;
                reasons.Add($"date of birth {year} matches {near.Text}");
            }
            else
            {
                adjustment -= BirthConflict;
                var closest = entry.BirthDates.MinBy(d => d.DistanceInYears(year))!;
                reasons.Add($"date of birth {year} differs from listed {closest.Text} by {closest.DistanceInYears(year)} years (-{Format(BirthConflict)})");
            }
        }
        if (query.Country is { } country && entry.Countries.Count > 0)
        {
            var listed = string.Join(", ", entry.Countries.Order(StringComparer.Ordinal));
            if (entry.Countries.Contains(country)) { adjustment += Agreement; reasons.Add($"country {country} matches listed {listed}"); }
            else { adjustment -= CountryConflict; reasons.Add($"country {country} not among listed {listed} (-{Format(CountryConflict)})"); }
        }
        return adjustment;
    }

    private static string Describe(SanctionsName name) =>
        name.Kind == SanctionsName.Primary ? $"listed name '{name.Text}'" : $"alias ({name.Kind}) '{name.Text}'";

    private static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
