namespace Jade.Contracts.Identity;

/// <summary>
/// A customer submitted identity details for verification. v1. Carries only what screening needs (the national id
/// number and phone stay in identity). <paramref name="Nationality"/> is ISO 3166-1 alpha-2.
/// </summary>
public sealed record KycSubmitted(
    Guid SubmissionId, Guid UserId, string LegalName, DateOnly DateOfBirth, string Nationality, DateTimeOffset SubmittedAt);

/// <summary>A customer reached a KYC level (2 = identity verified). v1.</summary>
public sealed record KycVerified(Guid UserId, Guid SubmissionId, int Level, DateTimeOffset VerifiedAt);

/// <summary>A customer's verification was refused after review. v1.</summary>
public sealed record KycRejected(Guid UserId, Guid SubmissionId, DateTimeOffset RejectedAt);

/// <summary>
/// A verified (level 2) customer applied for KYC level 3: enhanced due diligence, always decided by a risk officer. v1.
/// Carries the declared profile an officer weighs (the residential address stays in identity); the values of the
/// four choices are those of <see cref="KycUpgradeChoices"/>. The officer's decision comes back as <c>CaseResolved</c>
/// of kind <see cref="KycUpgradeChoices.CaseKind"/> with this application's id as its subject.
/// </summary>
public sealed record KycUpgradeRequested(
    Guid ApplicationId, Guid UserId, string LegalName, string Occupation, string? Employer, string SourceOfFunds,
    string AnnualIncome, string Purpose, DateTimeOffset RequestedAt);

/// <summary>An application for KYC level 3 was declined; the customer may apply again from <paramref name="ReapplyAfter"/>. v1.</summary>
public sealed record KycUpgradeRejected(Guid UserId, Guid ApplicationId, DateTimeOffset RejectedAt, DateTimeOffset ReapplyAfter);

/// <summary>The closed sets a level 3 application chooses from, shared by identity (validation) and risk (the case).</summary>
public static class KycUpgradeChoices
{
    /// <summary>The risk case kind that reviews an application.</summary>
    public const string CaseKind = "kyc_upgrade";

    public static readonly string[] Occupations =
        ["employee", "civil_servant", "self_employed", "business_owner", "professional", "student", "retired", "homemaker", "unemployed", "other"];

    public static readonly string[] FundsSources =
        ["salary", "business_income", "investments", "savings", "pension", "inheritance_or_gift", "property_sale", "other"];

    /// <summary>Yuan a year: under 50,000; 50,000–200,000; 200,000–500,000; 500,000–1,000,000; over 1,000,000.</summary>
    public static readonly string[] IncomeBands = ["under_50k", "50k_200k", "200k_500k", "500k_1m", "over_1m"];

    public static readonly string[] Purposes = ["daily_spending", "family_support", "investment", "business", "other"];
}
