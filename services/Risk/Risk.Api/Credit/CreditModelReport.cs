namespace Jade.Risk.Credit;

/// <summary>
/// The model card written next to <c>credit-model.zip</c> as <c>credit-model.json</c>: what was trained on what,
/// how well it did under cross-validation, and the decision settings the scorer applies. The scorer reads its
/// threshold, refer band and grade cut-offs from here, so the numbers it acts on are the numbers that were measured.
/// </summary>
public sealed record CreditModelReport(
    string ModelVersion,
    DateTimeOffset TrainedAt,
    CreditDataAttribution Data,
    CreditTrainingOptions Training,
    CreditCvReport CrossValidation,
    double Threshold,
    CreditReferBand Refer,
    IReadOnlyList<CreditGrade> Grades,
    IReadOnlyList<CreditFeatureReport> Features,
    IReadOnlyList<string> FeatureSlots);

public sealed record CreditDataAttribution(string Name, string Source, string Citation, string Licence, int Rows, int Bad, string Sha256);

/// <summary>Per-applicant costs under the 5:1 matrix, each with thresholds picked inside the training folds.</summary>
public sealed record CreditCvReport(
    string Method,
    int Folds,
    int InnerFolds,
    int Seed,
    double Auc,
    double PooledAuc,
    IReadOnlyList<double> FoldAucs,
    double BaselineAuc,
    double ModelCostPerApplicant,
    double BaselineCostPerApplicant,
    double ApproveAllCostPerApplicant,
    double DeclineAllCostPerApplicant,
    IReadOnlyList<double> FoldThresholds,
    double RuntimeSeconds);

/// <summary>Applicants with a probability of default in [Lower, Upper) are referred to an underwriter.</summary>
public sealed record CreditReferBand(double Lower, double Upper);

/// <summary>A grade covers probabilities of default below <see cref="UpperPd"/> (null for the last grade), with
/// the share of cross-validated applicants it held and their observed bad rate.</summary>
public sealed record CreditGrade(string Grade, double? UpperPd, double Share, double BadRate);

public sealed record CreditFeatureReport(string Field, string ReasonCode, IReadOnlyList<string>? Codes);
