using System.IO.Compression;
using Jade.Risk.Behaviour;
using Jade.Risk.Screening;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace Jade.Risk.Fraud;

/// <summary>
/// Scores transactions with the trained model, in process. <see cref="PredictionEngine{TSrc,TDst}"/> is not
/// thread-safe and costly to build, so engines (each with its own input and output rows, to avoid per-call
/// allocations) are pooled; one call is a pool rent, a feature fill and one tree-ensemble walk, i.e. microseconds.
/// </summary>
public sealed class FraudScorer
{
    /// <summary>Reasons reported per score: enough for a reviewer, few enough to read.</summary>
    public const int MaxReasons = 3;

    private readonly ObjectPool<Engine> _engines;
    private readonly TreeContributions _contributions;

    public FraudScorer(ITransformer model, string modelVersion)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelVersion = modelVersion;
        _contributions = TreeContributions.From(model);
        var ml = new MLContext();
        _engines = new DefaultObjectPool<Engine>(new EnginePolicy(ml, model), Environment.ProcessorCount * 4);
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
        var engine = _engines.Get();
        try
        {
            FraudFeatureBuilder.Fill(engine.Input, tx, snapshot);
            engine.Predictor.Predict(engine.Input, ref engine.Output);
            if (!explain) return new FraudScore(engine.Output.Probability, [], ModelVersion);
            var features = FraudFeatureCatalog.All;
            for (var i = 0; i < features.Count; i++) engine.Values[i] = features[i].Value(engine.Input);
            _contributions.Compute(engine.Values, engine.Contributions);
            return new FraudScore(engine.Output.Probability, TopReasons(engine.Values, engine.Contributions), ModelVersion);
        }
        finally
        {
            _engines.Return(engine);
        }
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

    private sealed class Engine(PredictionEngine<FraudFeatures, FraudPrediction> predictor)
    {
        public readonly PredictionEngine<FraudFeatures, FraudPrediction> Predictor = predictor;
        public readonly FraudFeatures Input = new();
        public FraudPrediction Output = new();
        public readonly float[] Values = new float[FraudFeatureCatalog.All.Count];
        public readonly float[] Contributions = new float[FraudFeatureCatalog.All.Count];
    }

    private sealed class EnginePolicy(MLContext ml, ITransformer model) : PooledObjectPolicy<Engine>
    {
        public override Engine Create() => new(ml.Model.CreatePredictionEngine<FraudFeatures, FraudPrediction>(model));

        public override bool Return(Engine obj) => true;
    }
}
