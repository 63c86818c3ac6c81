using Jade.Risk.Fraud.Simulation;

namespace Jade.Risk.Fraud;

/// <summary>What a training run produced and how well it did on the time-based holdout; written next to the model as
/// fraud-model.json and printed by <c>--train-fraud-model</c>.</summary>
public sealed record FraudModelReport(
    string ModelVersion,
    DateTimeOffset TrainedAt,
    SimulationOptions Simulation,
    DateTimeOffset HoldoutStart,
    SplitSize Training,
    SplitSize Holdout,
    double HoldoutAuc,
    double HoldoutPrAuc,
    double TrainingAuc,
    IReadOnlyList<ScenarioDetection> HoldoutByScenario,
    double NormalFlaggedRate,
    IReadOnlyList<FeatureImportance> FeatureImportance,
    IReadOnlyList<FraudFeatureInfo> Features,
    FastTreeSettings Trainer,
    double TrainingSeconds,
    string? ModelSha256 = null)
{
    /// <summary>The probability above which <see cref="HoldoutByScenario"/> and <see cref="NormalFlaggedRate"/> count a
    /// transaction as flagged.</summary>
    public const float FlagThreshold = 0.5f;
}

public sealed record SplitSize(int Positives, int Negatives);

/// <summary>Holdout transactions of one scenario and the share scored at or above <see cref="FraudModelReport.FlagThreshold"/>.</summary>
public sealed record ScenarioDetection(string Scenario, int Transactions, double Recall);

/// <summary>FastTree's split-gain importance, normalised so the largest is 1.</summary>
public sealed record FeatureImportance(string Feature, string ReasonCode, double Gain);

public sealed record FastTreeSettings(int Trees, int Leaves, int MinimumExamplesPerLeaf, double LearningRate);
