using Jade.Identity.Users;
using Microsoft.EntityFrameworkCore;

namespace Jade.Identity.Support;

/// <summary>
/// One agent's request to turn off a customer's two-step verification, made after the caller stated the verified
/// national id. Nothing changes for the customer until a second agent approves it (four eyes); any agent may reject
/// it, the one who asked included. A request left open past <see cref="ExpiresAt"/> counts as expired.
/// </summary>
public sealed class SupportResetRequest
{
    public Guid Id { get; init; }
    public Guid CustomerId { get; init; }
    public Guid RequestedBy { get; init; }
    public required string RequestedByEmail { get; init; }

    /// <summary>The ticket and how the caller was checked; for staff only.</summary>
    public required string Comment { get; init; }

    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>One of <see cref="ResetRequestStatuses"/>; changed only by a compare-and-set from <c>pending</c>.</summary>
    public string Status { get; init; } = ResetRequestStatuses.Pending;

    public Guid? DecidedBy { get; init; }
    public string? DecidedByEmail { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DecisionComment { get; init; }

    /// <summary>What the request is now: a pending one whose time ran out is expired even before anyone stores that.</summary>
    public string StatusAt(DateTimeOffset now) =>
        Status == ResetRequestStatuses.Pending && ExpiresAt <= now ? ResetRequestStatuses.Expired : Status;
}

public static class ResetRequestStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Expired = "expired";
    public const int MaxLength = 16;

    public static readonly string[] All = [Pending, Approved, Rejected, Expired];
}

internal static class ResetRequestQueries
{
    /// <summary>Requests still waiting for a decision: pending, with their day not yet over.</summary>
    public static IQueryable<SupportResetRequest> OpenAt(this IQueryable<SupportResetRequest> requests, DateTimeOffset now) =>
        requests.Where(r => r.Status == ResetRequestStatuses.Pending && r.ExpiresAt > now);

    /// <summary>Requests stored as pending whose day is over: expired, though nobody has written that yet.</summary>
    public static IQueryable<SupportResetRequest> LapsedAt(this IQueryable<SupportResetRequest> requests, DateTimeOffset now) =>
        requests.Where(r => r.Status == ResetRequestStatuses.Pending && r.ExpiresAt <= now);
}

internal static class SupportResetRequestModel
{
    public static ModelBuilder AddSupportResetRequests(this ModelBuilder builder)
    {
        builder.Entity<SupportResetRequest>(e =>
        {
            e.ToTable("support_reset_requests");
            e.HasKey(r => r.Id);
            e.Property(r => r.RequestedByEmail).HasMaxLength(256);
            e.Property(r => r.DecidedByEmail).HasMaxLength(256);
            e.Property(r => r.Comment).HasMaxLength(SupportEndpoints.MaxComment);
            e.Property(r => r.DecisionComment).HasMaxLength(SupportEndpoints.MaxComment);
            e.Property(r => r.Status).HasMaxLength(ResetRequestStatuses.MaxLength);
            e.Property(r => r.RequestedAt).HasColumnType("timestamptz");
            e.Property(r => r.ExpiresAt).HasColumnType("timestamptz");
            e.Property(r => r.DecidedAt).HasColumnType("timestamptz");
            // One open request per customer: two agents asking at once get one request and one 409.
            e.HasIndex(r => r.CustomerId).IsUnique().HasFilter("status = 'pending'");
            e.HasIndex(r => new { r.Status, r.RequestedAt });
            e.HasOne<JadeUser>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<JadeUser>().WithMany().HasForeignKey(r => r.RequestedBy).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<JadeUser>().WithMany().HasForeignKey(r => r.DecidedBy).OnDelete(DeleteBehavior.Restrict);
        });
        return builder;
    }
}
