namespace Jade.Risk.Fraud.Simulation;

/// <summary>The distributions the simulator draws from, all on one seeded <see cref="Random"/> so a seed replays
/// exactly.</summary>
internal sealed class SimulationRandom(int seed)
{
    private readonly Random _random = new(seed);
    private readonly byte[] _guid = new byte[16];

    public double Uniform() => _random.NextDouble();

    public double Uniform(double min, double max) => min + (max - min) * _random.NextDouble();

    public int Int(int minInclusive, int maxExclusive) => _random.Next(minInclusive, maxExclusive);

    public bool Chance(double p) => _random.NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>A deterministic id: 16 bytes of the random stream with the RFC 9562 version-4 bits set.</summary>
    public Guid Id()
    {
        _random.NextBytes(_guid);
        _guid[7] = (byte)((_guid[7] & 0x0F) | 0x40);
        _guid[8] = (byte)((_guid[8] & 0x3F) | 0x80);
        return new Guid(_guid);
    }

    public string Hex(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        _random.NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }

    public double Normal(double mean, double sd)
    {
        // Box–Muller; 1 - u keeps the logarithm finite.
        var u1 = 1 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public double LogNormal(double median, double sigma) => median * Math.Exp(Normal(0, sigma));

    public int Poisson(double lambda)
    {
        // Knuth: fine for the small rates used here.
        var limit = Math.Exp(-lambda);
        var k = 0;
        var p = _random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= _random.NextDouble();
        }
        return k;
    }

    /// <summary>Index drawn with probability proportional to its weight.</summary>
    public int Weighted(IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var x = _random.NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.Count - 1;
    }

    public string IpAddress() => $"{Int(36, 223)}.{Int(0, 256)}.{Int(0, 256)}.{Int(1, 255)}";
}
