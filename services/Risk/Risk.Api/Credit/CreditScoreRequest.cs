namespace Jade.Risk.Credit;

/// <summary>
/// Body of <c>POST /api/risk/credit/score</c>. Every field is nullable so a missing one is reported by name instead
/// of silently becoming 0 or "". Categorical fields take the codes in <see cref="CreditFeatures"/>.
/// </summary>
public sealed record CreditScoreRequest(
    string? ApplicationId,
    string? CheckingStatus,
    int? DurationMonths,
    string? CreditHistory,
    string? Purpose,
    decimal? CreditAmount,
    string? SavingsStatus,
    string? Employment,
    int? InstallmentRate,
    string? PersonalStatus,
    string? OtherParties,
    int? ResidenceSince,
    string? PropertyMagnitude,
    int? Age,
    string? OtherPaymentPlans,
    string? Housing,
    int? ExistingCredits,
    string? Job,
    int? NumDependents,
    string? OwnTelephone,
    string? ForeignWorker);

public sealed record CreditScoreResponse(
    string? ApplicationId,
    decimal ProbabilityOfDefault,
    string Grade,
    string Decision,
    IReadOnlyList<CreditReason> Reasons,
    string ModelVersion);

/// <summary>Turns a request into a <see cref="LoanApplication"/> or into errors keyed by the JSON field name.</summary>
public static class CreditScoreValidation
{
    public const int MaxDurationMonths = 120;

    /// <summary>Far above any consumer loan; an amount beyond it is a typo or an attack, not an application.</summary>
    public const decimal MaxCreditAmount = 10_000_000m;

    public const int MaxApplicationIdLength = 100;

    public static LoanApplication? Validate(CreditScoreRequest request, Dictionary<string, string[]> errors)
    {
        if (request.ApplicationId is { Length: > MaxApplicationIdLength })
            errors["applicationId"] = [$"applicationId must be at most {MaxApplicationIdLength} characters."];

        string Code(CreditFeature feature, string? value)
        {
            var code = value?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(code))
                errors[feature.Field] = [$"{feature.Field} is required."];
            else if (!feature.Accepts(code))
                errors[feature.Field] = [$"{feature.Field} must be one of: {string.Join(", ", feature.Codes!.Select(c => c.Code))}."];
            return code ?? "";
        }

        int Whole(CreditFeature feature, int? value, int min, int max)
        {
            if (value is null) errors[feature.Field] = [$"{feature.Field} is required."];
            else if (value < min || value > max) errors[feature.Field] = [$"{feature.Field} must be between {min} and {max}."];
            return value ?? 0;
        }

        var amount = request.CreditAmount;
        if (amount is null) errors["creditAmount"] = ["creditAmount is required."];
        else if (amount <= 0) errors["creditAmount"] = ["creditAmount must be greater than 0."];
        else if (amount > MaxCreditAmount) errors["creditAmount"] = [$"creditAmount must be at most {MaxCreditAmount:0}."];

        var application = new LoanApplication(
            Code(CreditFeatures.CheckingStatus, request.CheckingStatus),
            Whole(CreditFeatures.Duration, request.DurationMonths, 1, MaxDurationMonths),
            Code(CreditFeatures.CreditHistory, request.CreditHistory),
            Code(CreditFeatures.Purpose, request.Purpose),
            amount ?? 0,
            Code(CreditFeatures.SavingsStatus, request.SavingsStatus),
            Code(CreditFeatures.Employment, request.Employment),
            // The data codes the instalment as a share of disposable income in four bands, 1 (< 20 %) to 4 (≥ 35 %).
            Whole(CreditFeatures.InstallmentRate, request.InstallmentRate, 1, 4),
            Code(CreditFeatures.PersonalStatus, request.PersonalStatus),
            Code(CreditFeatures.OtherParties, request.OtherParties),
            Whole(CreditFeatures.ResidenceSince, request.ResidenceSince, 1, 4),
            Code(CreditFeatures.PropertyMagnitude, request.PropertyMagnitude),
            Whole(CreditFeatures.Age, request.Age, 18, 100),
            Code(CreditFeatures.OtherPaymentPlans, request.OtherPaymentPlans),
            Code(CreditFeatures.Housing, request.Housing),
            Whole(CreditFeatures.ExistingCredits, request.ExistingCredits, 0, 20),
            Code(CreditFeatures.Job, request.Job),
            Whole(CreditFeatures.NumDependents, request.NumDependents, 0, 20),
            Code(CreditFeatures.OwnTelephone, request.OwnTelephone),
            Code(CreditFeatures.ForeignWorker, request.ForeignWorker));
        return errors.Count == 0 ? application : null;
    }
}
