using System.Globalization;

namespace Jade.Ledger.Benchmarks;

/// <summary>
/// Sizes of one run. The defaults are the workloads sized so that a full run of all three systems stays
/// well under ten minutes on a 2-core machine; <c>--quick</c> shrinks everything to a smoke run.
/// </summary>
public sealed record BenchOptions
{
    public bool Quick { get; init; }
    public int BatchSize { get; init; } = 8190;
    public int W1Accounts { get; init; } = 10_000;
    public int W1Batches { get; init; } = 10;
    /// <summary>B1 has no batch call: it replays W1's batches as one transaction per transfer, which is slow, so fewer.</summary>
    public int W1BaselineB1Transfers { get; init; } = 2 * 8190;
    public int Accounts { get; init; } = 100_000;
    public int Callers { get; init; } = 64;
    public int W2Transfers { get; init; } = 20_000;
    public int W3Transfers { get; init; } = 8_000;
    /// <summary>All W4 transfers: half pending, half the posts/voids resolving them.</summary>
    public int W4Transfers { get; init; } = 20_000;
    /// <summary>Untimed requests per system before each timed run (JIT, pools, caches).</summary>
    public int WarmupRequests { get; init; } = 2_000;
    public double ZipfExponent { get; init; } = 1.0;
    public int Seed { get; init; } = 20261126;
    public IReadOnlySet<string> Workloads { get; init; } = new HashSet<string>(["W1", "W2", "W3", "W4"], StringComparer.OrdinalIgnoreCase);

    public static BenchOptions QuickRun { get; } = new()
    {
        Quick = true,
        W1Accounts = 10_000,
        W1Batches = 2,
        W1BaselineB1Transfers = 2_000,
        Accounts = 10_000,
        W2Transfers = 1_500,
        W3Transfers = 1_000,
        W4Transfers = 1_500,
        WarmupRequests = 200,
    };

    public const string Usage = """
        Ledger benchmark: Jade (HTTP, in-process Kestrel) against raw-SQL baselines B1 and B2.
          --quick                 small counts: a smoke run in about a minute
          --only W1,W3            run only these workloads
          --w1-batches N          W1 calls of --batch-size transfers (default 10)
          --w1-b1 N               W1 transfers B1 replays, one transaction each (default 16380 = 2 batches)
          --accounts N            accounts for W2-W4 (default 100000)
          --callers N             concurrent callers for W2-W4 (default 64)
          --w2 N, --w3 N, --w4 N  transfers per workload (defaults 20000, 8000, 20000)
          --warmup N              untimed warm-up requests per system (default 2000)
          --seed N                random seed of the generated workloads
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--quick") ? QuickRun : new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--quick" => options,
                "--only" => options with { Workloads = new HashSet<string>(Next().Split(','), StringComparer.OrdinalIgnoreCase) },
                "--w1-batches" => options with { W1Batches = Int() },
                "--w1-b1" => options with { W1BaselineB1Transfers = Int() },
                "--accounts" => options with { Accounts = Int() },
                "--callers" => options with { Callers = Int() },
                "--w2" => options with { W2Transfers = Int() },
                "--w3" => options with { W3Transfers = Int() },
                "--w4" => options with { W4Transfers = Int() },
                "--warmup" => options with { WarmupRequests = Int() },
                "--seed" => options with { Seed = Int() },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }
        return options;
    }

    public bool Runs(string workload) => Workloads.Contains(workload);
}
