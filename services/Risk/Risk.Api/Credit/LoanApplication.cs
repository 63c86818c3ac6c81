using Microsoft.ML.Data;

namespace Jade.Risk.Credit;

/// <summary>
/// A loan application in the German Credit attributes, categorical ones as <see cref="CreditFeatures"/> codes.
/// Amount in the currency the model was trained on (1994 Deutsche Mark for the bundled data).
/// </summary>
public sealed record LoanApplication(
    string CheckingStatus,
    int DurationMonths,
    string CreditHistory,
    string Purpose,
    decimal CreditAmount,
    string SavingsStatus,
    string Employment,
    int InstallmentRate,
    string PersonalStatus,
    string OtherParties,
    int ResidenceSince,
    string PropertyMagnitude,
    int Age,
    string OtherPaymentPlans,
    string Housing,
    int ExistingCredits,
    string Job,
    int NumDependents,
    string OwnTelephone,
    string ForeignWorker);

/// <summary>An application from the training data with its outcome.</summary>
public sealed record LabelledApplication(LoanApplication Application, bool IsBad);

/// <summary>
/// What ML.NET reads: the application flattened, plus two derived numbers the trees and the linear model both use.
/// <see cref="Label"/> is true for a bad loan, so the model's probability is the probability of default.
/// </summary>
public sealed class CreditRow
{
    public bool Label { get; set; }
    public string CheckingStatus { get; set; } = "";
    public float DurationMonths { get; set; }
    public string CreditHistory { get; set; } = "";
    public string Purpose { get; set; } = "";
    public float CreditAmount { get; set; }
    public string SavingsStatus { get; set; } = "";
    public string Employment { get; set; } = "";
    public float InstallmentRate { get; set; }
    public string PersonalStatus { get; set; } = "";
    public string OtherParties { get; set; } = "";
    public float ResidenceSince { get; set; }
    public string PropertyMagnitude { get; set; } = "";
    public float Age { get; set; }
    public string OtherPaymentPlans { get; set; } = "";
    public string Housing { get; set; } = "";
    public float ExistingCredits { get; set; }
    public string Job { get; set; } = "";
    public float NumDependents { get; set; }
    public string OwnTelephone { get; set; } = "";
    public string ForeignWorker { get; set; } = "";

    /// <summary>The amount is heavily skewed; its log is what a linear model can use.</summary>
    public float LogCreditAmount { get; set; }

    /// <summary>Amount per month of term: the repayment burden, which neither raw number shows alone.</summary>
    public float MonthlyAmount { get; set; }

    public static CreditRow From(LoanApplication a, bool isBad = false) => new()
    {
        Label = isBad,
        CheckingStatus = a.CheckingStatus,
        DurationMonths = a.DurationMonths,
        CreditHistory = a.CreditHistory,
        Purpose = a.Purpose,
        CreditAmount = (float)a.CreditAmount,
        SavingsStatus = a.SavingsStatus,
        Employment = a.Employment,
        InstallmentRate = a.InstallmentRate,
        PersonalStatus = a.PersonalStatus,
        OtherParties = a.OtherParties,
        ResidenceSince = a.ResidenceSince,
        PropertyMagnitude = a.PropertyMagnitude,
        Age = a.Age,
        OtherPaymentPlans = a.OtherPaymentPlans,
        Housing = a.Housing,
        ExistingCredits = a.ExistingCredits,
        Job = a.Job,
        NumDependents = a.NumDependents,
        OwnTelephone = a.OwnTelephone,
        ForeignWorker = a.ForeignWorker,
        LogCreditAmount = (float)Math.Log((double)a.CreditAmount),
        MonthlyAmount = (float)(a.CreditAmount / a.DurationMonths),
    };
}

/// <summary>The scored row: the blended probability of default and, per slot of the feature vector, the tree
/// model's contribution to its score.</summary>
public sealed class CreditPrediction
{
    [ColumnName("BlendedProbability")]
    public float ProbabilityOfDefault { get; set; }

    [ColumnName("FeatureContributions")]
    public float[] FeatureContributions { get; set; } = [];
}
