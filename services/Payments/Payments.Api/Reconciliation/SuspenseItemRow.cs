using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Reconciliation;

/// <summary>
/// One disagreement between a channel's statement and Jade's books, for an operator to investigate. Unique per channel,
/// channel object and reason, so reconciling the same day again finds it instead of adding it twice.
/// </summary>
public sealed class SuspenseItemRow
{
    public Guid Id { get; init; }
    public DateOnly StatementDate { get; init; }
    public required string Channel { get; init; }
    public required string ObjectId { get; init; }
    public string? Reference { get; init; }
    public Guid? OrderId { get; init; }
    public required string Reason { get; init; }
    public long? ChannelAmount { get; init; }
    public long? BookedAmount { get; init; }
    public required string Detail { get; init; }
    public DateTimeOffset FoundAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>The operator who resolved it (token subject) and their e-mail, as the audit trail names them.</summary>
    public string? ResolvedBy { get; set; }
    public string? ResolvedByName { get; set; }

    /// <summary>What the operator found and did, in their words.</summary>
    public string? Resolution { get; set; }

    public static void Configure(ModelBuilder model) => model.Entity<SuspenseItemRow>(e =>
    {
        e.ToTable("suspense_items");
        e.HasKey(s => s.Id);
        e.Property(s => s.Channel).HasMaxLength(20);
        e.Property(s => s.ObjectId).HasMaxLength(100);
        e.Property(s => s.Reference).HasMaxLength(100);
        e.Property(s => s.Reason).HasMaxLength(40);
        e.Property(s => s.Detail).HasMaxLength(500);
        e.Property(s => s.ResolvedBy).HasMaxLength(100);
        e.Property(s => s.ResolvedByName).HasMaxLength(320);
        e.Property(s => s.Resolution).HasMaxLength(SuspenseItems.MaxResolution);
        e.HasIndex(s => new { s.Channel, s.ObjectId, s.Reason }).IsUnique();
        e.HasIndex(s => s.ResolvedAt).HasFilter("resolved_at IS NULL");
    });
}

public static class SuspenseReasons
{
    public static readonly string[] All = [UnknownReference, AmountMismatch, NotBooked, NotSettled, RefundFailed, UnexpectedRefund];

    /// <summary>The channel settled money for a reference no order of that kind has.</summary>
    public const string UnknownReference = "unknown_reference";
    /// <summary>The channel settled a different amount than the order.</summary>
    public const string AmountMismatch = "amount_mismatch";
    /// <summary>The channel settled it, but the ledger has not booked it (the order is not completed).</summary>
    public const string NotBooked = "not_booked";
    /// <summary>The ledger booked it (the order completed) but the channel's statement does not show it.</summary>
    public const string NotSettled = "not_settled";
    /// <summary>A top-up the ledger would not credit could not be refunded either: the money is at Jade, in no wallet.</summary>
    public const string RefundFailed = "refund_failed";
    /// <summary>The acquirer refunded a charge whose order was not being refunded.</summary>
    public const string UnexpectedRefund = "unexpected_refund";
}
