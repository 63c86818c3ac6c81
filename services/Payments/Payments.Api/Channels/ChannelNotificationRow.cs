using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Channels;

/// <summary>
/// Every verified notification a channel sent, keyed by its event id: a redelivery finds its row and changes nothing,
/// and reconciliation and support can read what each channel said and when.
/// </summary>
public sealed class ChannelNotificationRow
{
    public required string EventId { get; init; }
    public required string Channel { get; init; }
    public required string Type { get; init; }
    public required string ObjectId { get; init; }
    public required string Reference { get; init; }
    public required string Payload { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>What the notification did: <c>applied</c>, <c>ignored</c> (nothing left to change) or <c>unmatched</c>.</summary>
    public required string Outcome { get; set; }

    public static void Configure(ModelBuilder model) => model.Entity<ChannelNotificationRow>(e =>
    {
        e.ToTable("channel_notifications");
        e.HasKey(n => new { n.Channel, n.EventId });
        e.Property(n => n.EventId).HasMaxLength(100);
        e.Property(n => n.Channel).HasMaxLength(20);
        e.Property(n => n.Type).HasMaxLength(40);
        e.Property(n => n.ObjectId).HasMaxLength(100);
        e.Property(n => n.Reference).HasMaxLength(100);
        e.Property(n => n.Payload).HasColumnType("jsonb");
        e.Property(n => n.Outcome).HasMaxLength(20);
        e.HasIndex(n => n.Reference);
    });
}
