namespace Jade.Risk.Credit;

/// <summary>What a credit model must show under cross-validation before it may be served.</summary>
public static class CreditQualityGate
{
    public const double MinimumAuc = 0.79;

    public static IReadOnlyList<string> Failures(CreditCvReport cv)
    {
        var failures = new List<string>();
        if (cv.Auc < MinimumAuc) failures.Add($"CV AUC {cv.Auc:F4} is below {MinimumAuc}");
        if (cv.ModelCostPerApplicant >= cv.ApproveAllCostPerApplicant)
            failures.Add($"cost {cv.ModelCostPerApplicant:F3} is not below approve-all {cv.ApproveAllCostPerApplicant:F3}");
        if (cv.ModelCostPerApplicant >= cv.BaselineCostPerApplicant)
            failures.Add($"cost {cv.ModelCostPerApplicant:F3} is not below the logistic-regression baseline {cv.BaselineCostPerApplicant:F3}");
        return failures;
    }
}
