namespace Jade.Risk.Fraud;

/// <summary>The model's fraud probability for one transaction, with the features that pushed it up most (as reason
/// codes a reviewer can read) and the model version that produced it, for the decision record.</summary>
public sealed record FraudScore(float Probability, IReadOnlyList<FeatureContribution> TopContributions, string ModelVersion);

/// <summary>One feature's share of the raw score (FastTree's path-based contribution, in score units).</summary>
public sealed record FeatureContribution(string Feature, string ReasonCode, float Contribution);
