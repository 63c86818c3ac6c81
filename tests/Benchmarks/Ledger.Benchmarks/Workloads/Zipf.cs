namespace Jade.Ledger.Benchmarks.Workloads;

/// <summary>
/// Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s by binary search in the cumulative weights: exact,
/// and at n = 100,000 the table costs under a megabyte.
/// </summary>
public sealed class Zipf
{
    private readonly double[] _cumulative;
    private readonly Random _random;

    public Zipf(int n, double exponent, Random random)
    {
        _random = random;
        _cumulative = new double[n];
        var sum = 0.0;
        for (var k = 0; k < n; k++)
        {
            sum += 1.0 / Math.Pow(k + 1, exponent);
            _cumulative[k] = sum;
        }
        for (var k = 0; k < n; k++) _cumulative[k] /= sum;
    }

    public int Next()
    {
        var index = Array.BinarySearch(_cumulative, _random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
    }
}
