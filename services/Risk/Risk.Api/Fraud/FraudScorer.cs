using System.IO.Compression;
using Jade.Risk.Behaviour;
using Jade.Risk.Screening;
using Microsoft.ML;

namespace Jade.Risk.Fraud;

/// <summary>
/// Scores transactions with the trained model, in process and without locks: the model's trees are copied into flat
/// arrays at load (<see cref="FlatTreeEnsemble"/>), so a score is a feature fill and one walk per tree, i.e.
/// microseconds, on any number of threads at once.
/// </summary>
public sealed class FraudScorer
{
    /// <summary>Reasons reported per score: enough for a reviewer, few enough to read.</summary>
    public const int MaxReasons = 3;

    private readonly FlatTreeEnsemble _trees;

    public FraudScorer(ITransformer model, string modelVersion)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelVersion = modelVersion;
        _trees = FlatTreeEnsemble.From(model);
    }

    public string ModelVersion { get; }

    /// <summary>Loads a model zip written by <see cref="FraudModelTrainer"/>; the version comes from inside the zip.</summary>
    public static FraudScorer Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Fraud model not found at {path}; run --train-fraud-model or set Fraud:ModelPath.", path);
        var ml = new MLContext();
        var model = ml.Model.Load(path, out _);
        return new FraudScorer(model, ReadVersion(path));
    }

    /// <summary>
    /// The fraud probability; with <paramref name="explain"/> also the top contributions. Explaining walks every tree
    /// once per split on the example's path and costs ~10× the prediction, so screening asks for it only when the
    /// model's score is going to be acted on.
    /// </summary>
    public FraudScore Score(ScreeningTransaction tx, BehaviourSnapshot snapshot, bool explain = true)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(snapshot);
        var features = FraudFeatureCatalog.All;
        var input = FraudFeatureBuilder.Build(tx, snapshot);
        Span<float> values = stackalloc float[features.Count];
        for (var i = 0; i < values.Length; i++) values[i] = features[i].Value(input);
        var probability = _trees.Probability(values);
        if (!explain) return new FraudScore(probability, [], ModelVersion);
        var contributions = new float[features.Count];
        _trees.Contributions(values, contributions);
        return new FraudScore(probability, TopReasons(values.ToArray(), contributions), ModelVersion);
    }

    /// <summary>The largest positive contributions, one per reason code (the type one-hot, say, is one reason),
    /// skipping features at their neutral value.</summary>
    private static List<FeatureContribution> TopReasons(float[] values, float[] contributions)
    {
        var features = FraudFeatureCatalog.All;
        var top = new List<FeatureContribution>(MaxReasons);
        Span<int> candidates = stackalloc int[features.Count];
        var n = 0;
        for (var i = 0; i < contributions.Length && i < features.Count; i++)
        {
            if (contributions[i] > 0 && values[i] != features[i].Neutral) candidates[n++] = i;
        }
        candidates = candidates[..n];
        candidates.Sort((a, b) => contributions[b].CompareTo(contributions[a]));
        foreach (var i in candidates)
        {
            if (top.Exists(t => t.ReasonCode == features[i].ReasonCode)) continue;
            top.Add(new FeatureContribution(features[i].Name, features[i].ReasonCode, contributions[i]));
            if (top.Count == MaxReasons) break;
        }
        return top;
    }

    private static string ReadVersion(string path)
    {
        using var archive = ZipFile.OpenRead(path);
        var entry = archive.GetEntry(FraudModelTrainer.VersionEntry);
        if (entry is null) return "unversioned";
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd().Trim();
    }
}
