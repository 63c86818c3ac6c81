using System.Collections.Concurrent;
using System.Text.Json;
using Jade.Risk.Behaviour;
using Jade.Risk.Fraud;
using Jade.Risk.Fraud.Simulation;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Jade.Risk.Tests.Fraud;

public sealed class FraudModelTests
{
    private static readonly string ModelFolder = Path.Combine(AppContext.BaseDirectory, "Fraud", "Model");
    private static readonly string ModelPath = Path.Combine(ModelFolder, FraudModelTrainer.ModelFileName);

    private static FraudModelReport CommittedReport() =>
        JsonSerializer.Deserialize<FraudModelReport>(File.ReadAllText(Path.Combine(ModelFolder, FraudModelTrainer.ReportFileName)),
            FraudModelTrainer.Json)!;

    /// <summary>The committed model's own holdout days, replayed: what the scorer meets in these tests.</summary>
    private static List<(SimulatedTransaction Simulated, BehaviourSnapshot Snapshot)> Holdout(FraudModelReport report) =>
        [.. TransactionSimulator.Generate(report.Simulation).Replay().Where(p => p.Simulated.Transaction.OccurredAt >= report.HoldoutStart)];

    [Test]
    public void Quality_gate_retraining_with_the_committed_options_keeps_holdout_auc_at_least_0_90()
    {
        var committed = CommittedReport();

        var retrained = new FraudModelTrainer(TimeProvider.System).Train(committed.Simulation).Report;

        TestContext.Out.WriteLine($"holdout AUC {retrained.HoldoutAuc}, PR-AUC {retrained.HoldoutPrAuc}, {retrained.TrainingSeconds} s");
        Assert.That(retrained.HoldoutAuc, Is.GreaterThanOrEqualTo(0.90));
        Assert.That(retrained.HoldoutAuc, Is.EqualTo(committed.HoldoutAuc).Within(0.01), "the committed report is what training gives");
        Assert.That((retrained.Training, retrained.Holdout), Is.EqualTo((committed.Training, committed.Holdout)), "same seed, same data");
        Assert.That(retrained.HoldoutByScenario.Select(s => s.Transactions), Has.All.GreaterThan(0), "every scenario is in the holdout");
    }

    [Test]
    public void The_committed_model_loads_and_matches_its_report()
    {
        var report = CommittedReport();

        var scorer = FraudScorer.Load(ModelPath);

        Assert.That(scorer.ModelVersion, Is.EqualTo(report.ModelVersion));
        Assert.That(report.ModelVersion, Does.Match(@"^fraud-\d{4}\.\d{2}\.\d{2}-s\d+$"));
        Assert.That(report.ModelSha256, Is.EqualTo(FraudTrainingResult.Sha256(ModelPath)));
        Assert.That(report.HoldoutAuc, Is.GreaterThanOrEqualTo(0.90));
        Assert.That(report.Features.Select(f => f.Name), Is.EqualTo(FraudFeatureCatalog.Names));
    }

    [Test]
    public void An_account_takeover_scores_above_normal_traffic_with_takeover_reasons()
    {
        var report = CommittedReport();
        var scorer = FraudScorer.Load(ModelPath);
        var holdout = Holdout(report);

        var takeovers = holdout.Where(p => p.Simulated.Scenario == FraudScenarios.AccountTakeover)
            .Select(p => scorer.Score(p.Simulated.Transaction, p.Snapshot)).ToList();
        var normal = holdout.Where(p => !p.Simulated.IsFraud).Take(5_000)
            .Select(p => scorer.Score(p.Simulated.Transaction, p.Snapshot).Probability).Order().ToList();

        string[] takeoverReasons = ["model.new_device", "model.new_ip", "model.unusual_hour", "model.rapid_succession",
            "model.payer_velocity_1h", "model.payer_volume_1h", "model.new_payee", "model.new_payee_account", "model.device_velocity"];
        Assert.That(takeovers, Is.Not.Empty);
        Assert.That(takeovers.Select(t => t.Probability).Order().ElementAt(takeovers.Count / 2), Is.GreaterThan(0.9));
        Assert.That(normal[normal.Count * 99 / 100], Is.LessThan(0.1), "99th percentile of normal traffic");
        var strongest = takeovers.MaxBy(t => t.Probability)!;
        Assert.That(strongest.TopContributions, Is.Not.Empty);
        Assert.That(strongest.TopContributions.Select(c => c.ReasonCode), Has.Some.AnyOf(takeoverReasons));
        Assert.That(strongest.TopContributions.Select(c => c.ReasonCode), Is.Unique);
        Assert.That(strongest.TopContributions.Select(c => c.Contribution), Is.Ordered.Descending.And.All.Positive);
        Assert.That(takeovers.Count(t => t.TopContributions.Any(c => takeoverReasons.Contains(c.ReasonCode))),
            Is.GreaterThan(takeovers.Count * 3 / 4), "most takeovers are explained by takeover signals");
    }

    [Test]
    public void Parallel_calls_give_the_same_scores_as_sequential_ones()
    {
        var report = CommittedReport();
        var scorer = FraudScorer.Load(ModelPath);
        var sample = TransactionSimulator.Generate(report.Simulation with { Customers = 300, Days = 5 }).Replay().Take(4_000).ToList();
        var sequential = sample.Select(p => scorer.Score(p.Simulated.Transaction, p.Snapshot)).ToList();

        var parallel = new ConcurrentDictionary<int, FraudScore>();
        Parallel.For(0, sample.Count, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            i => parallel[i] = scorer.Score(sample[i].Simulated.Transaction, sample[i].Snapshot));

        for (var i = 0; i < sample.Count; i++)
        {
            Assert.That(parallel[i].Probability, Is.EqualTo(sequential[i].Probability), $"row {i}");
            Assert.That(parallel[i].TopContributions, Is.EqualTo(sequential[i].TopContributions), $"row {i}");
        }
    }

    [Test]
    public void The_scorer_gives_ml_net_prediction_engines_probability()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Model.Load(ModelPath, out _);
        var engine = ml.Model.CreatePredictionEngine<FraudFeatures, FraudPrediction>(model);
        var scorer = FraudScorer.Load(ModelPath);
        var report = CommittedReport();
        // Fraud as well as normal traffic, so probabilities across the whole range are compared.
        var sample = Holdout(report).Where((p, i) => p.Simulated.IsFraud || i % 20 == 0).ToList();

        foreach (var (simulated, snapshot) in sample)
        {
            var expected = engine.Predict(FraudFeatureBuilder.Build(simulated.Transaction, snapshot)).Probability;
            Assert.That(scorer.Score(simulated.Transaction, snapshot, explain: false).Probability, Is.EqualTo(expected).Within(1e-6f),
                $"transaction {simulated.Transaction.TransactionId}");
        }
        Assert.That(sample.Count(p => p.Simulated.IsFraud), Is.GreaterThan(100));
    }

    [Test]
    public void Tree_contributions_equal_ml_net_feature_contribution_calculation()
    {
        var ml = new MLContext(seed: 1);
        var model = (TransformerChain<ITransformer>)ml.Model.Load(ModelPath, out _);
        var predictor = (ISingleFeaturePredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>>)model.LastTransformer;
        var rows = TransactionSimulator.Generate(new SimulationOptions { Customers = 300, Days = 5 }).Replay()
            .Select(p => FraudFeatureBuilder.Build(p.Simulated.Transaction, p.Snapshot)).Take(1_500).ToList();
        var scored = model.Transform(ml.Data.LoadFromEnumerable(rows));
        var count = FraudFeatureCatalog.All.Count;
        var expected = ml.Transforms.CalculateFeatureContribution(predictor, count, count, normalize: false)
            .Fit(scored).Transform(scored).GetColumn<float[]>("FeatureContributions").ToList();

        var trees = FlatTreeEnsemble.From(model);
        for (var r = 0; r < rows.Count; r++)
        {
            var values = FraudFeatureCatalog.All.Select(f => f.Value(rows[r])).ToArray();
            var actual = new float[count];
            trees.Contributions(values, actual);
            Assert.That(actual, Is.EqualTo(expected[r]).Within(1e-3f), $"row {r}");
        }
    }

    [Test]
    public void The_catalog_lists_every_feature_column_once_in_order()
    {
        var columns = typeof(FraudFeatures).GetProperties().Select(p => p.Name).Where(n => n != nameof(FraudFeatures.Label));

        Assert.That(FraudFeatureCatalog.Names, Is.EqualTo(columns));
        Assert.That(FraudFeatureCatalog.All, Has.All.Matches<FraudFeatureInfo>(f => f.ReasonCode.StartsWith("model.", StringComparison.Ordinal)));
    }

    /// <summary>ML.NET's output row for a calibrated binary classifier: what the scorer must agree with.</summary>
    private sealed class FraudPrediction
    {
        public bool PredictedLabel { get; set; }
        public float Score { get; set; }
        public float Probability { get; set; }
    }
}
