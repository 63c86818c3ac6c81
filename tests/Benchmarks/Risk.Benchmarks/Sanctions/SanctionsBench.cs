using System.Diagnostics;
using Jade.Risk.Benchmarks.Running;
using Jade.Risk.Sanctions;
using Jade.Testing;
using Microsoft.Extensions.Options;
using SimMetrics.Net.Metric;

namespace Jade.Risk.Benchmarks.Sanctions;

/// <summary>Per query kind: how many, and how many found the entry they were made from (or, not listed, anything).</summary>
public sealed record KindRecall(string Kind, int Queries, int Found, int BruteQueries, int BruteFound);

public sealed record SanctionsResult(
    int Entries, int Names, Latencies IndexLoadMs, Latencies Matcher, Latencies MatcherOnBruteSubset, Latencies BruteForce,
    double Threshold, IReadOnlyList<KindRecall> Recall);

/// <summary>
/// The sanctions matcher in this process, single-threaded, over the bundled OFAC list: load time of the list and its
/// index, per-query latency of <see cref="SanctionsMatcher.Screen"/>, and a brute-force scan for the ratio — the
/// query (normalized as the matcher does) against every listed name and alias written out, Jaro-Winkler each
/// (SimMetrics, as the matcher), best per entry at or above the same threshold; no index, no bounds.
/// </summary>
public static class SanctionsBench
{
    public static SanctionsResult Run(RiskBenchOptions options, CancellationToken ct)
    {
        var folder = ListFolder();
        var loads = new List<double>();
        SanctionsIndex index = null!;
        for (var i = 0; i < options.IndexLoads; i++)
        {
            ct.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            index = new SanctionsIndex(SanctionsListLoader.Load(folder));
            loads.Add(clock.Elapsed.TotalMilliseconds);
        }
        Progress.Log($"sanctions: list loaded {options.IndexLoads}× ({index.Entries.Count:N0} entries, {index.NameCount:N0} names)");

        var sanctionsOptions = new SanctionsOptions();
        var matcher = new SanctionsMatcher(index, Options.Create(sanctionsOptions));
        var queries = SanctionsQueries.Generate(index, options.SanctionsQueries, options.Seed);
        var parsed = queries.Select(q => new ScreeningQuery(q.Name)).ToArray();

        // Warm-up on a different sample, for at least three seconds: tiered compilation promotes hot methods only after
        // they have run for a while, and a single pass of 1,000 queries timed partly unoptimised code.
        var warmup = SanctionsQueries.Generate(index, Math.Min(1_000, options.SanctionsQueries), options.Seed + 1).Select(q => new ScreeningQuery(q.Name)).ToList();
        var warming = Stopwatch.StartNew();
        do
        {
            foreach (var q in warmup) matcher.Screen(q);
        }
        while (warming.Elapsed < TimeSpan.FromSeconds(options.Quick ? 1 : 3));

        var matcherMs = new double[queries.Count];
        var found = new bool[queries.Count];
        for (var i = 0; i < queries.Count; i++)
        {
            if (i % 256 == 0) ct.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            var matches = matcher.Screen(parsed[i]);
            matcherMs[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            found[i] = Found(queries[i], matches.Select(m => m.EntNum));
        }
        Progress.Log($"sanctions: {queries.Count:N0} queries through the matcher");

        var brute = new BruteForce(index, sanctionsOptions.Threshold);
        var step = Math.Max(1, queries.Count / Math.Max(1, options.BruteForceQueries));
        var subset = Enumerable.Range(0, queries.Count).Where(i => i % step == 0).Take(options.BruteForceQueries).ToArray();
        brute.Screen(parsed[subset[0]].Name); // JIT
        var bruteMs = new List<double>();
        var bruteFound = new Dictionary<int, bool>();
        foreach (var i in subset)
        {
            ct.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            var hits = brute.Screen(parsed[i].Name);
            bruteMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            bruteFound[i] = Found(queries[i], hits);
        }
        Progress.Log($"sanctions: {subset.Length:N0} queries by brute force");

        var recall = queries.Select((q, i) => (q, i)).GroupBy(x => x.q.Kind).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new KindRecall(g.Key, g.Count(), g.Count(x => found[x.i]),
                g.Count(x => bruteFound.ContainsKey(x.i)), g.Count(x => bruteFound.GetValueOrDefault(x.i))))
            .ToList();
        return new SanctionsResult(index.Entries.Count, index.NameCount, new Latencies(loads), new Latencies(matcherMs),
            new Latencies(subset.Select(i => matcherMs[i])), new Latencies(bruteMs), sanctionsOptions.Threshold, recall);
    }

    /// <summary>A listed query should find its entry; a common name "finds" when anything matches (a false alarm).</summary>
    private static bool Found(SanctionsQuery query, IEnumerable<int> entNums) =>
        query.ExpectedEntNum is { } expected ? entNums.Contains(expected) : entNums.Any();

    /// <summary>The bundled list the build copies beside the binaries, else the service's source folder.</summary>
    private static string ListFolder()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "Sanctions", "Data", "ofac");
        return File.Exists(Path.Combine(beside, "sdn.csv"))
            ? beside
            : Path.Combine(LocalInfrastructure.RepositoryRoot, "services", "Risk", "Risk.Api", "Sanctions", "Data", "ofac");
    }

    private sealed class BruteForce
    {
        private readonly (int EntNum, string Joined)[] _names;
        private readonly double _threshold;
        private readonly JaroWinkler _metric = new();

        public BruteForce(SanctionsIndex index, double threshold)
        {
            _threshold = threshold;
            _names = [.. index.Entries.SelectMany(e => e.Names.Select(n => (e.EntNum, n.Normalized.Joined))).Where(n => n.Joined.Length > 0)];
        }

        public List<int> Screen(string name)
        {
            var query = NameNormalizer.Normalize(name, lastFirst: true).Joined;
            var best = new Dictionary<int, double>();
            foreach (var (entNum, joined) in _names)
            {
                var score = query == joined ? 1 : _metric.GetSimilarity(query, joined);
                if (score >= _threshold && score > best.GetValueOrDefault(entNum)) best[entNum] = score;
            }
            return [.. best.OrderByDescending(b => b.Value).Take(SanctionsMatcher.MaxMatches).Select(b => b.Key)];
        }
    }
}
