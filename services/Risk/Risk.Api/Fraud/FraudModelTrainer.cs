using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Jade.Risk.Fraud.Simulation;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Jade.Risk.Fraud;

/// <summary>
/// Trains the fraud model on simulator traffic replayed through a fresh <see cref="Behaviour.BehaviourTracker"/>
/// (snapshot, then record: exactly the live screening order), with a time-based holdout of the last seven days so
/// the figure reported is how the model does on days it has never seen, not on shuffled neighbours of its training rows.
/// </summary>
public sealed class FraudModelTrainer(TimeProvider time)
{
    public const string ModelFileName = "fraud-model.zip";
    public const string ReportFileName = "fraud-model.json";

    /// <summary>Entry inside the model zip that carries the version, so a zip and a report can be matched.</summary>
    public const string VersionEntry = "Jade/ModelVersion.txt";

    public static readonly TimeSpan HoldoutLength = TimeSpan.FromDays(7);

    public static readonly FastTreeSettings Settings = new(Trees: 100, Leaves: 20, MinimumExamplesPerLeaf: 20, LearningRate: 0.2);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public FraudTrainingResult Train(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Days <= HoldoutLength.TotalDays) throw new ArgumentException($"Days must exceed the {HoldoutLength.TotalDays}-day holdout.", nameof(options));
        var clock = Stopwatch.StartNew();
        var holdoutStart = options.Start.AddDays(options.Days) - HoldoutLength;

        var training = new List<FraudFeatures>();
        var holdout = new List<FraudFeatures>();
        var holdoutScenarios = new List<string?>();
        foreach (var (simulated, snapshot) in TransactionSimulator.Generate(options).Replay())
        {
            var features = FraudFeatureBuilder.Build(simulated.Transaction, snapshot);
            features.Label = simulated.IsFraud;
            if (simulated.Transaction.OccurredAt < holdoutStart)
            {
                training.Add(features);
            }
            else
            {
                holdout.Add(features);
                holdoutScenarios.Add(simulated.Scenario);
            }
        }

        var ml = new MLContext(seed: options.Seed);
        var trainData = ml.Data.LoadFromEnumerable(training);
        var pipeline = ml.Transforms.Concatenate(FraudFeatureCatalog.FeaturesColumn, FraudFeatureCatalog.Names)
            .Append(ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                FeatureColumnName = FraudFeatureCatalog.FeaturesColumn,
                NumberOfTrees = Settings.Trees,
                NumberOfLeaves = Settings.Leaves,
                MinimumExampleCountPerLeaf = Settings.MinimumExamplesPerLeaf,
                LearningRate = Settings.LearningRate,
                // One thread keeps the run reproducible; the data is small enough that it costs little.
                NumberOfThreads = 1,
            }));
        var model = pipeline.Fit(trainData);
        var predictor = model.LastTransformer;

        var trainingMetrics = ml.BinaryClassification.Evaluate(model.Transform(trainData));
        var holdoutScored = model.Transform(ml.Data.LoadFromEnumerable(holdout));
        var holdoutMetrics = ml.BinaryClassification.Evaluate(holdoutScored);
        var probabilities = holdoutScored.GetColumn<float>("Probability").ToArray();

        var report = new FraudModelReport(
            ModelVersion: $"fraud-{time.GetUtcNow():yyyy.MM.dd}-s{options.Seed}",
            TrainedAt: time.GetUtcNow(),
            Simulation: options,
            HoldoutStart: holdoutStart,
            Training: Split(training),
            Holdout: Split(holdout),
            HoldoutAuc: Math.Round(holdoutMetrics.AreaUnderRocCurve, 5),
            HoldoutPrAuc: Math.Round(holdoutMetrics.AreaUnderPrecisionRecallCurve, 5),
            TrainingAuc: Math.Round(trainingMetrics.AreaUnderRocCurve, 5),
            HoldoutByScenario: ByScenario(holdoutScenarios, probabilities),
            NormalFlaggedRate: Math.Round(FlaggedShare(holdoutScenarios, probabilities, null), 6),
            FeatureImportance: Importance(predictor.Model.SubModel),
            Features: FraudFeatureCatalog.All,
            Trainer: Settings,
            TrainingSeconds: Math.Round(clock.Elapsed.TotalSeconds, 1));
        return new FraudTrainingResult(ml, model, trainData.Schema, report);
    }

    /// <summary>Trains and writes <see cref="ModelFileName"/> and <see cref="ReportFileName"/> into
    /// <paramref name="folder"/>; the report carries the zip's SHA-256.</summary>
    public FraudModelReport TrainAndSave(SimulationOptions options, string folder)
    {
        var result = Train(options);
        return result.Save(folder);
    }

    private static SplitSize Split(List<FraudFeatures> rows)
    {
        var positives = rows.Count(r => r.Label);
        return new SplitSize(positives, rows.Count - positives);
    }

    private static List<ScenarioDetection> ByScenario(List<string?> scenarios, float[] probabilities) =>
        [.. FraudScenarios.All.Select(s => new ScenarioDetection(s, scenarios.Count(x => x == s),
            Math.Round(FlaggedShare(scenarios, probabilities, s), 4)))];

    private static double FlaggedShare(List<string?> scenarios, float[] probabilities, string? scenario)
    {
        int total = 0, flagged = 0;
        for (var i = 0; i < scenarios.Count; i++)
        {
            if (scenarios[i] != scenario) continue;
            total++;
            if (probabilities[i] >= FraudModelReport.FlagThreshold) flagged++;
        }
        return total == 0 ? 0 : flagged / (double)total;
    }

    private static List<FeatureImportance> Importance(FastTreeBinaryModelParameters trees)
    {
        VBuffer<float> gains = default;
        trees.GetFeatureWeights(ref gains);
        var values = gains.DenseValues().ToArray();
        var max = Math.Max(values.DefaultIfEmpty(0).Max(), float.Epsilon);
        return [.. FraudFeatureCatalog.All
            .Select((f, i) => new FeatureImportance(f.Name, f.ReasonCode, Math.Round(i < values.Length ? values[i] / max : 0, 4)))
            .OrderByDescending(f => f.Gain)];
    }
}

/// <summary>A trained model with what is needed to save it.</summary>
public sealed record FraudTrainingResult(MLContext Ml, ITransformer Model, DataViewSchema InputSchema, FraudModelReport Report)
{
    public FraudModelReport Save(string folder)
    {
        Directory.CreateDirectory(folder);
        var zip = Path.Combine(folder, FraudModelTrainer.ModelFileName);
        Ml.Model.Save(Model, InputSchema, zip);
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            var entry = archive.CreateEntry(FraudModelTrainer.VersionEntry);
            using var writer = new StreamWriter(entry.Open());
            writer.Write(Report.ModelVersion);
        }
        var report = Report with { ModelSha256 = Sha256(zip) };
        File.WriteAllText(Path.Combine(folder, FraudModelTrainer.ReportFileName), JsonSerializer.Serialize(report, FraudModelTrainer.Json) + "\n");
        return report;
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
