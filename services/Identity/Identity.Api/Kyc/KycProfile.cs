using Jade.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Jade.Identity.Kyc;

/// <summary>KYC statuses as stored and as the API reports them. <see cref="None"/> is never stored: it means "no row".</summary>
public static class KycStatuses
{
    public const string None = "none";
    public const string Pending = "pending";
    public const string InReview = "in_review";
    public const string Verified = "verified";
    public const string Rejected = "rejected";
}

public static class KycLevels
{
    /// <summary>Every registered customer.</summary>
    public const int Registered = 1;

    /// <summary>Identity verified.</summary>
    public const int Verified = 2;

    /// <summary>Enhanced due diligence: a risk officer approved the customer's level 3 application.</summary>
    public const int Enhanced = 3;
}

/// <summary>
/// A customer's current identity verification: the latest submission's details and where it stands. One row per user;
/// a resubmission after a rejection replaces the details (the history keeps what happened, not the old personal data).
/// Legal name, national id and phone are encrypted at rest; <see cref="NationalIdHash"/> is a keyed blind index that
/// lets the database enforce "one verified identity per national id" without holding the number in clear.
/// </summary>
public sealed class KycProfile
{
    public Guid UserId { get; set; }
    public Guid SubmissionId { get; set; }
    public string Status { get; set; } = KycStatuses.Pending;
    public int Level { get; set; } = KycLevels.Registered;
    public string? LegalName { get; set; }
    public string? NationalId { get; set; }
    public string NationalIdHash { get; set; } = "";
    public DateOnly DateOfBirth { get; set; }
    public string Nationality { get; set; } = "";
    public string? Phone { get; set; }
    public Guid? CaseId { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c>: a resubmission racing another write fails instead of overwriting it.</summary>
    public uint Version { get; set; }
}

/// <summary>Append-only audit trail: every submission and every status change, with who caused it. No personal data.</summary>
public sealed class KycHistoryEntry
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid SubmissionId { get; set; }
    public string? FromStatus { get; set; }
    public string ToStatus { get; set; } = "";
    public int Level { get; set; }
    public Guid? CaseId { get; set; }

    /// <summary><c>customer</c> for a submission, <c>risk</c> for a screening outcome or a level 3 decision.</summary>
    public string Actor { get; set; } = "";

    /// <summary>The integration message that caused the change, when one did.</summary>
    public Guid? MessageId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}

public static class KycActors
{
    public const string Customer = "customer";
    public const string Risk = "risk";
}

internal static class KycModel
{
    public static ModelBuilder AddKyc(this ModelBuilder builder, IDataProtectionProvider dataProtection)
    {
        builder.Entity<KycProfile>(e =>
        {
            e.ToTable("kyc_profiles", t => t.HasCheckConstraint("ck_kyc_profiles_status",
                $"status IN ('{KycStatuses.Pending}', '{KycStatuses.InReview}', '{KycStatuses.Verified}', '{KycStatuses.Rejected}')"));
            e.HasKey(p => p.UserId);
            e.Property(p => p.Status).HasMaxLength(16);
            e.Property(p => p.LegalName).IsEncryptedPersonalData(dataProtection).IsRequired();
            e.Property(p => p.NationalId).IsEncryptedPersonalData(dataProtection).IsRequired();
            e.Property(p => p.Phone).IsEncryptedPersonalData(dataProtection).IsRequired();
            e.Property(p => p.NationalIdHash).HasMaxLength(64);
            e.Property(p => p.Nationality).HasMaxLength(2).IsFixedLength();
            e.Property(p => p.SubmittedAt).HasColumnType("timestamptz");
            e.Property(p => p.DecidedAt).HasColumnType("timestamptz");
            e.Property(p => p.UpdatedAt).HasColumnType("timestamptz");
            e.Property(p => p.Version).IsRowVersion();
            e.HasIndex(p => p.SubmissionId).IsUnique();
            // One verified identity per national id (and issuing country): a second account proving the same person fails.
            e.HasIndex(p => p.NationalIdHash).IsUnique()
                .HasFilter($"status = '{KycStatuses.Verified}'")
                .HasDatabaseName("ux_kyc_profiles_verified_national_id");
            e.HasOne<Users.JadeUser>().WithOne().HasForeignKey<KycProfile>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<KycHistoryEntry>(e =>
        {
            e.ToTable("kyc_history");
            e.HasKey(h => h.Id);
            e.Property(h => h.FromStatus).HasMaxLength(16);
            e.Property(h => h.ToStatus).HasMaxLength(16);
            e.Property(h => h.Actor).HasMaxLength(16);
            e.Property(h => h.OccurredAt).HasColumnType("timestamptz");
            e.HasIndex(h => new { h.UserId, h.OccurredAt });
        });
        return builder;
    }
}
