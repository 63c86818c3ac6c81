namespace Jade.Benchmarks;

/// <summary>Latencies in milliseconds, sorted once; nearest-rank percentiles as the ledger benchmark reports them.</summary>
public sealed class Latencies
{
    private readonly double[] _sorted;

    public Latencies(IEnumerable<double> milliseconds) => _sorted = [.. milliseconds.Where(double.IsFinite).Order()];

    public static Latencies Empty { get; } = new([]);

    public int Count => _sorted.Length;
    public double P50 => Percentile(0.50);
    public double P95 => Percentile(0.95);
    public double P99 => Percentile(0.99);
    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];
    public double Mean => _sorted.Length == 0 ? double.NaN : _sorted.Average();

    /// <summary>The smallest latency at or above which fraction <paramref name="q"/> of the samples fall.</summary>
    public double Percentile(double q)
    {
        if (_sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(q * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }
}
