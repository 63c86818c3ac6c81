using System.Globalization;

namespace Jade.Risk.Benchmarks;

/// <summary>
/// Sizes of one run. The defaults are the risk issue's figures (2,000 screenings/s for 20 s, a closed loop of 96
/// callers for 20 s, 5,000 sanctions queries, 5 cold starts); <c>--quick</c> shrinks everything to a smoke run.
/// </summary>
public sealed record RiskBenchOptions
{
    public bool Quick { get; init; }
    /// <summary>Fixed arrival rate of the scoring run (requests/s), for Jade and the raw-insert baseline alike.</summary>
    public double Rate { get; init; } = 2_000;
    public double ScoringSeconds { get; init; } = 20;
    /// <summary>
    /// Untimed seconds at the same rate before each timed run (JIT, pools, connections). Tiered compilation on two
    /// busy cores takes about half a minute to settle (hot methods go tier 0 → instrumented → optimised while the
    /// machine is saturated); a shorter warm-up measures the JIT rather than the service.
    /// </summary>
    public double WarmupSeconds { get; init; } = 30;
    /// <summary>
    /// Customers the scoring traffic is drawn from. 2,000/s for 50 s (warm-up included) from 200,000 customers is one
    /// payment per customer every 100 s; from 20,000 it was one every 10 s, which the velocity rules rightly sent to
    /// review — a third of the traffic, each review a case and a published message, which is not the load a
    /// screening service sees.
    /// </summary>
    public int Customers { get; init; } = 200_000;
    public int Callers { get; init; } = 96;
    public double ThroughputSeconds { get; init; } = 20;
    /// <summary>
    /// A population of its own for the closed loop (the same size): 5,000/s for 20 s from 20,000 customers would be 5 payments per
    /// customer in 20 s, which the velocity rules rightly send to review; a larger one keeps the mix mostly approved.
    /// </summary>
    public int ThroughputCustomers { get; init; } = 200_000;
    public int SanctionsQueries { get; init; } = 5_000;
    /// <summary>Brute force costs ~20k Jaro-Winkler calls a query: it runs on every n-th query only, this many.</summary>
    public int BruteForceQueries { get; init; } = 300;
    public int ColdStarts { get; init; } = 5;
    /// <summary>
    /// Decisions seeded into the fresh database after its cold starts, for starts that replay a busy week: 440,000 is
    /// what a full run leaves behind (2,000/s and 5,000/s for the warm-ups and timed runs). 0 skips them.
    /// </summary>
    public int WeekDecisions { get; init; } = 440_000;
    public int IndexLoads { get; init; } = 5;
    public int Seed { get; init; } = 20261126;
    public IReadOnlySet<string> Parts { get; init; } = new HashSet<string>(AllParts, StringComparer.OrdinalIgnoreCase);

    public static readonly string[] AllParts = ["scoring", "throughput", "sanctions", "coldstart"];

    public static RiskBenchOptions QuickRun { get; } = new()
    {
        Quick = true,
        ScoringSeconds = 5,
        WarmupSeconds = 2,
        ThroughputSeconds = 5,
        Customers = 60_000,
        ThroughputCustomers = 60_000,
        SanctionsQueries = 1_000,
        BruteForceQueries = 40,
        ColdStarts = 2,
        WeekDecisions = 50_000,
        IndexLoads = 3,
    };

    public const string Usage = """
        Risk benchmark: screening over HTTP (in-process Kestrel) at a fixed rate and in a closed loop, the sanctions
        matcher against a brute-force scan, and the cold start of a Risk.Api process.
          --quick                   short durations: a smoke run of a few minutes
          --only scoring,sanctions  run only these parts (scoring, throughput, sanctions, coldstart)
          --rate N                  arrival rate of the scoring run, requests/s (default 2000)
          --seconds N               timed seconds of the scoring run (default 20)
          --warmup-seconds N        untimed seconds at the same rate before it (default 30)
          --customers N             customer population of the scoring run (default 200000)
          --callers N               concurrent callers of the throughput run (default 96)
          --throughput-seconds N    timed seconds of the throughput run (default 20)
          --throughput-customers N  customer population of the throughput run (default 200000)
          --sanctions N             sanctions queries timed through the matcher (default 5000)
          --brute N                 of those, how many the brute-force scan repeats (default 300)
          --coldstarts N            timed process starts (default 5)
          --week N                  decisions seeded for the starts that replay a week (default 440000; 0: none)
          --seed N                  random seed of the generated traffic and queries
        """;

    public static RiskBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--quick") ? QuickRun : new RiskBenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            double Real() => double.Parse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--quick" => options,
                "--only" => options with { Parts = Only(Next()) },
                "--rate" => options with { Rate = Real() },
                "--seconds" => options with { ScoringSeconds = Real() },
                "--warmup-seconds" => options with { WarmupSeconds = Real() },
                "--customers" => options with { Customers = Int() },
                "--callers" => options with { Callers = Int() },
                "--throughput-seconds" => options with { ThroughputSeconds = Real() },
                "--throughput-customers" => options with { ThroughputCustomers = Int() },
                "--sanctions" => options with { SanctionsQueries = Int() },
                "--brute" => options with { BruteForceQueries = Int() },
                "--coldstarts" => options with { ColdStarts = Int() },
                "--week" => options with { WeekDecisions = Int() },
                "--seed" => options with { Seed = Int() },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }
        return options;
    }

    private static HashSet<string> Only(string list)
    {
        var parts = new HashSet<string>(list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            StringComparer.OrdinalIgnoreCase);
        var unknown = parts.Where(p => !AllParts.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
        return unknown.Count == 0 ? parts : throw new ArgumentException($"Unknown part(s) {string.Join(", ", unknown)}; known: {string.Join(", ", AllParts)}.");
    }

    public bool Runs(string part) => Parts.Contains(part);
}
