using System.Globalization;
using System.Text.RegularExpressions;

namespace Jade.Testing;

/// <summary>
/// One scrape of a service's <c>/metrics</c> in the Prometheus text format, parsed into samples, so a test can check a
/// metric under the name an operator's alert rule uses rather than the instrument's name in code.
/// </summary>
public sealed partial class MetricsScrape
{
    private MetricsScrape(string text, IReadOnlyList<MetricSample> samples, IReadOnlyDictionary<string, string> types) =>
        (Text, Samples, Types) = (text, samples, types);

    public string Text { get; }
    public IReadOnlyList<MetricSample> Samples { get; }

    /// <summary>Metric family → type (counter, gauge, histogram…) from the <c># TYPE</c> lines.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>Every series name served, histogram families included as their <c>_bucket</c>, <c>_sum</c> and <c>_count</c> series.</summary>
    public IReadOnlySet<string> Names => Samples.Select(s => s.Name).ToHashSet();

    public static async Task<MetricsScrape> FromAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        return Parse(await response.Content.ReadAsStringAsync());
    }

    public static MetricsScrape Parse(string text)
    {
        var samples = new List<MetricSample>();
        var types = new Dictionary<string, string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TypeLine().Match(line) is { Success: true } type)
            {
                types[type.Groups["name"].Value] = type.Groups["type"].Value;
            }
            else if (!line.StartsWith('#') && SampleLine().Match(line) is { Success: true } sample)
            {
                var labels = LabelPair().Matches(sample.Groups["labels"].Value)
                    .ToDictionary(m => m.Groups["key"].Value, m => Regex.Unescape(m.Groups["value"].Value));
                samples.Add(new MetricSample(sample.Groups["name"].Value, labels, ParseValue(sample.Groups["value"].Value)));
            }
        }
        return new MetricsScrape(text, samples, types);
    }

    /// <summary>The samples of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public IReadOnlyList<MetricSample> Find(string name, params (string Key, string Value)[] labels) =>
        [.. Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))];

    /// <summary>The one sample's value, or null when the series is not served.</summary>
    public double? Value(string name, params (string Key, string Value)[] labels) =>
        Find(name, labels) switch
        {
            [] => null,
            [var one] => one.Value,
            var many => throw new InvalidOperationException($"{many.Count} series of {name} match; name more labels."),
        };

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>\S+)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\S+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}

public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
