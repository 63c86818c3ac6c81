namespace Jade.Ledger.Benchmarks.Running;

/// <summary>One system's timed run of one workload: wall time, every request's latency, and what was not created.</summary>
public sealed record Measurement(
    string Workload,
    string System,
    int Callers,
    int Transfers,
    TimeSpan Elapsed,
    double[] LatenciesMs,
    int NotCreated,
    IReadOnlyDictionary<string, int> FailureReasons)
{
    /// <summary>CPU in use during the timed run (machine, this process).</summary>
    public CpuUse? Cpu { get; init; }

    /// <summary>What the database backends were doing during the timed run.</summary>
    public Activity Activity { get; init; } = Activity.None;

    public int Requests => LatenciesMs.Length;
    public double Tps => Transfers / Elapsed.TotalSeconds;
    public double P50 => Percentile(0.50);
    public double P99 => Percentile(0.99);

    /// <summary>Nearest-rank percentile: the smallest latency at or above which fraction <paramref name="q"/> of requests fall.</summary>
    public double Percentile(double q)
    {
        if (LatenciesMs.Length == 0) return double.NaN;
        var sorted = LatenciesMs.Order().ToArray();
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Consecutive phases (W4: holds, then their resolutions) as one run.</summary>
    public static Measurement Combine(IReadOnlyList<Measurement> phases)
    {
        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (reason, count) in phases.SelectMany(p => p.FailureReasons))
        {
            failures[reason] = failures.GetValueOrDefault(reason) + count;
        }
        var first = phases[0];
        return first with
        {
            Transfers = phases.Sum(p => p.Transfers),
            Elapsed = TimeSpan.FromTicks(phases.Sum(p => p.Elapsed.Ticks)),
            LatenciesMs = [.. phases.SelectMany(p => p.LatenciesMs)],
            NotCreated = phases.Sum(p => p.NotCreated),
            FailureReasons = failures,
        };
    }
}
