using Jade.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Jade.Identity.Kyc;

public static class KycUpgradeStatuses
{
    /// <summary>Never stored: the customer has not applied.</summary>
    public const string None = "none";
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}

/// <summary>
/// One application for KYC level 3. Rows are kept after the decision (the record of what the customer declared and
/// when); a customer has at most one pending application, which the database enforces. The residential address is
/// personal data, encrypted at rest; it never leaves identity.
/// </summary>
public sealed class KycUpgradeApplication
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string Status { get; set; } = KycUpgradeStatuses.Pending;
    public string Occupation { get; set; } = "";
    public string? Employer { get; set; }
    public string SourceOfFunds { get; set; } = "";
    public string AnnualIncome { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string? Address { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The risk case that decided it, and the message that brought the decision.</summary>
    public Guid? CaseId { get; set; }
    public Guid? DecisionMessageId { get; set; }
}

internal static class KycUpgradeModel
{
    public static ModelBuilder AddKycUpgrades(this ModelBuilder builder, IDataProtectionProvider dataProtection)
    {
        builder.Entity<KycUpgradeApplication>(e =>
        {
            e.ToTable("kyc_upgrade_applications", t => t.HasCheckConstraint("ck_kyc_upgrade_applications_status",
                $"status IN ('{KycUpgradeStatuses.Pending}', '{KycUpgradeStatuses.Approved}', '{KycUpgradeStatuses.Rejected}')"));
            e.HasKey(a => a.Id);
            e.Property(a => a.Status).HasMaxLength(16);
            e.Property(a => a.Occupation).HasMaxLength(32);
            e.Property(a => a.Employer).HasMaxLength(KycUpgradeValidation.MaxEmployerLength);
            e.Property(a => a.SourceOfFunds).HasMaxLength(32);
            e.Property(a => a.AnnualIncome).HasMaxLength(16);
            e.Property(a => a.Purpose).HasMaxLength(32);
            e.Property(a => a.Address).IsEncryptedPersonalData(dataProtection).IsRequired();
            e.Property(a => a.SubmittedAt).HasColumnType("timestamptz");
            e.Property(a => a.DecidedAt).HasColumnType("timestamptz");
            e.HasIndex(a => new { a.UserId, a.SubmittedAt });
            e.HasIndex(a => a.UserId).IsUnique()
                .HasFilter($"status = '{KycUpgradeStatuses.Pending}'")
                .HasDatabaseName("ux_kyc_upgrade_applications_pending");
            e.HasOne<Users.JadeUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        return builder;
    }
}
