using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Rules;

/// <summary>The rule as it runs now. Changed only by an approved proposal, which bumps <see cref="Version"/>.</summary>
public sealed class RuleRow
{
    public Guid Id { get; init; }
    /// <summary>Which evaluator runs it; stable, also the reason-code prefix.</summary>
    public required string Code { get; init; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    public required string Mode { get; set; }
    public required string Action { get; set; }
    public int Score { get; set; }
    /// <summary>JSON object of numeric parameters, e.g. <c>{"maxCount1h": 10}</c>.</summary>
    public required string Parameters { get; set; }
    public int Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? ApprovedBy { get; set; }

    internal static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RuleRow>(e =>
        {
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.Code).IsUnique();
            e.Property(r => r.Parameters).HasColumnType("jsonb");
            e.Property(r => r.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<RuleVersionRow>(e =>
        {
            e.HasKey(v => new { v.RuleId, v.Version });
            e.Property(v => v.Parameters).HasColumnType("jsonb");
        });
        modelBuilder.Entity<RuleProposalRow>(e =>
        {
            e.HasKey(p => p.Id);
            e.Property(p => p.Parameters).HasColumnType("jsonb");
            // One open proposal per rule: a second officer reviews a single, stable change.
            e.HasIndex(p => p.RuleId).IsUnique().HasFilter("status = 'pending'");
        });
    }
}

/// <summary>Every version a rule ever had, who proposed and who approved it.</summary>
public sealed class RuleVersionRow
{
    public Guid RuleId { get; init; }
    public int Version { get; init; }
    public required string Mode { get; init; }
    public required string Action { get; init; }
    public int Score { get; init; }
    public required string Parameters { get; init; }
    public required string ProposedBy { get; init; }
    public string? ProposedByName { get; init; }
    public required string ApprovedBy { get; init; }
    public string? ApprovedByName { get; init; }
    public DateTimeOffset ApprovedAt { get; init; }
    public string? Comment { get; init; }
}

/// <summary>A change one officer proposed and another must approve (four eyes) before it takes effect.</summary>
public sealed class RuleProposalRow
{
    public Guid Id { get; init; }
    public Guid RuleId { get; init; }
    /// <summary>The rule version the proposal was made against; approval fails if the rule moved on.</summary>
    public int BaseVersion { get; init; }
    public required string Status { get; set; }
    public required string Mode { get; init; }
    public required string Action { get; init; }
    public int Score { get; init; }
    public required string Parameters { get; init; }
    public required string Comment { get; init; }
    public required string ProposedBy { get; init; }
    public string? ProposedByName { get; init; }
    public DateTimeOffset ProposedAt { get; init; }
    public string? DecidedBy { get; set; }
    public string? DecidedByName { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionComment { get; set; }
}

public static class ProposalStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}

public static class RuleModes
{
    public const string Active = "active";
    /// <summary>Evaluated and recorded, never acted on.</summary>
    public const string Shadow = "shadow";
    public const string Disabled = "disabled";
    public static readonly string[] All = [Active, Shadow, Disabled];
}

public static class RuleActions
{
    public const string Review = "review";
    public const string Decline = "decline";
    public static readonly string[] All = [Review, Decline];
}
