using Jade.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Cases;

/// <summary>
/// Work for a risk officer: a transaction screened <c>review</c>, a KYC submission with a possible sanctions match, or
/// an application for KYC level 3. Opened once per subject; resolved once, by compare-and-set on <see cref="Status"/>.
/// </summary>
public sealed class CaseRow
{
    public Guid Id { get; init; }
    public required string Kind { get; init; }
    public required string Status { get; set; }
    public Guid CustomerId { get; init; }
    /// <summary>The transaction id, the KYC submission id or the level 3 application id.</summary>
    public Guid SubjectId { get; init; }
    public Guid? DecisionId { get; init; }
    public DateTimeOffset OpenedAt { get; init; }
    public int Score { get; init; }
    /// <summary>JSON array of <see cref="Decisions.DecisionReason"/>.</summary>
    public required string Reasons { get; init; }
    public required string Summary { get; init; }
    /// <summary>The KYC (or level 3) applicant's legal name: personal data, encrypted at rest.</summary>
    public string? SubjectName { get; init; }
    /// <summary>Kind-specific JSON (a KYC case's date of birth, nationality and sanctions matches; a level 3 application's declared profile).</summary>
    public string? Context { get; init; }
    public string? Resolution { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public string? ResolvedByName { get; set; }
    public string? Comment { get; set; }

    /// <summary>The officer working the case (token subject and e-mail), so two officers do not investigate it twice.</summary>
    public string? AssignedTo { get; set; }
    public string? AssignedToName { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }

    internal static void Configure(ModelBuilder modelBuilder, IDataProtectionProvider dataProtection) =>
        modelBuilder.Entity<CaseRow>(e =>
        {
            e.HasKey(c => c.Id);
            e.HasIndex(c => new { c.Kind, c.SubjectId }).IsUnique();
            e.HasIndex(c => new { c.Status, c.OpenedAt });
            e.HasIndex(c => c.CustomerId);
            e.Property(c => c.Reasons).HasColumnType("jsonb");
            e.Property(c => c.Context).HasColumnType("jsonb");
            e.Property(c => c.SubjectName).IsEncryptedPersonalData(dataProtection);
            e.Property(c => c.Status).IsConcurrencyToken();
            e.Property(c => c.AssignedTo).HasMaxLength(100);
            e.Property(c => c.AssignedToName).HasMaxLength(200);
            e.HasIndex(c => new { c.AssignedTo, c.Status });
        });
}

public static class CaseKinds
{
    public const string Transaction = "transaction";
    public const string Kyc = "kyc";
    /// <summary>A verified customer's application for KYC level 3: no alert, an officer's enhanced due diligence.</summary>
    public const string KycUpgrade = Contracts.Identity.KycUpgradeChoices.CaseKind;
    public static readonly string[] All = [Transaction, Kyc, KycUpgrade];
}

public static class CaseStatus
{
    public const string Open = "open";
    public const string Resolved = "resolved";
    /// <summary>Closed without a decision: the payment behind it failed first (cancelled by the payer, or timed out).</summary>
    public const string Withdrawn = "withdrawn";
    public static readonly string[] All = [Open, Resolved, Withdrawn];
}

public static class Resolutions
{
    public const string Approve = "approve";
    public const string Decline = "decline";
    public static readonly string[] All = [Approve, Decline];
}
