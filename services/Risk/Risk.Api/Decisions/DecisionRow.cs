using Jade.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Decisions;

/// <summary>
/// The durable record of one screening: the transaction as presented, the outcome, the score, the reasons that
/// acted and those shadow rules would have added. Written by <see cref="DecisionWriter"/> before the caller hears the
/// answer; never updated (a review case's resolution lives on the case).
/// </summary>
public sealed class DecisionRow
{
    public Guid Id { get; init; }
    public Guid TransactionId { get; init; }
    public required string Type { get; init; }
    public long Amount { get; init; }
    public required string Currency { get; init; }
    public Guid PayerId { get; init; }
    public Guid? PayeeId { get; init; }
    /// <summary>Personal data (a withdrawal's card holder): encrypted at rest.</summary>
    public string? PayeeName { get; init; }
    public required string Channel { get; init; }
    public string? DeviceId { get; init; }
    public string? IpAddress { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset DecidedAt { get; init; }
    public required string Outcome { get; init; }
    public int Score { get; init; }
    public float ModelScore { get; init; }
    public required string ModelVersion { get; init; }
    /// <summary>JSON array of <see cref="DecisionReason"/> that acted.</summary>
    public required string Reasons { get; init; }
    /// <summary>JSON array of <see cref="DecisionReason"/> from shadow rules: recorded, never acted on.</summary>
    public required string ShadowReasons { get; init; }
    public Guid? CaseId { get; init; }

    internal static void Configure(ModelBuilder modelBuilder, IDataProtectionProvider dataProtection) =>
        modelBuilder.Entity<DecisionRow>(e =>
        {
            e.HasKey(d => d.Id);
            e.HasIndex(d => d.TransactionId).IsUnique();
            e.HasIndex(d => new { d.PayerId, d.OccurredAt });
            e.HasIndex(d => d.OccurredAt);
            e.HasIndex(d => d.DecidedAt);
            e.Property(d => d.Currency).HasMaxLength(3).IsFixedLength();
            e.Property(d => d.PayeeName).IsEncryptedPersonalData(dataProtection);
            e.Property(d => d.Reasons).HasColumnType("jsonb");
            e.Property(d => d.ShadowReasons).HasColumnType("jsonb");
            e.HasIndex(d => d.ShadowReasons).HasMethod("gin").HasOperators("jsonb_path_ops");
        });
}

/// <summary>Why: a stable code, a sentence for the officer, the rule that produced it and what it did or would do.</summary>
public sealed record DecisionReason(string Code, string Message, string? RuleCode, string? Action);

public static class Outcomes
{
    public const string Approve = "approve";
    public const string Review = "review";
    public const string Decline = "decline";

    public static int Severity(string outcome) => outcome switch { Decline => 2, Review => 1, _ => 0 };
    public static string Worst(string a, string b) => Severity(a) >= Severity(b) ? a : b;
}
