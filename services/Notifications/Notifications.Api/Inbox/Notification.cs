using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jade.Notifications.Inbox;

/// <summary>A message in a customer's in-app inbox, kept in both UI languages so a language switch needs no refetch.</summary>
public sealed class Notification
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    /// <summary>The preference group (<see cref="Preferences.Categories"/>).</summary>
    public required string Category { get; init; }
    /// <summary>What happened, e.g. <c>transfer_received</c>; the SPA may style messages by it.</summary>
    public required string Kind { get; init; }
    /// <summary>The integration event that raised it: one message per event and customer.</summary>
    public Guid SourceEventId { get; init; }
    /// <summary>An SPA path to the subject (e.g. the payment), or null.</summary>
    public string? Link { get; init; }
    public required LocalizedText Title { get; init; }
    public required LocalizedText Body { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; set; }
}

public sealed record LocalizedText(string ZhCn, string En)
{
    public IReadOnlyDictionary<string, string> ToDictionary() => new Dictionary<string, string> { ["zh-CN"] = ZhCn, ["en"] = En };
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> e)
    {
        e.ToTable("notifications");
        e.HasKey(n => n.Id);
        e.Property(n => n.Category).HasMaxLength(50);
        e.Property(n => n.Kind).HasMaxLength(50);
        e.Property(n => n.Link).HasMaxLength(200);
        e.HasIndex(n => new { n.SourceEventId, n.UserId }).IsUnique();
        e.ComplexProperty(n => n.Title, t =>
        {
            t.Property(x => x.ZhCn).HasColumnName("title_zh_cn").HasMaxLength(200);
            t.Property(x => x.En).HasColumnName("title_en").HasMaxLength(200);
        });
        e.ComplexProperty(n => n.Body, t =>
        {
            t.Property(x => x.ZhCn).HasColumnName("body_zh_cn").HasMaxLength(4000);
            t.Property(x => x.En).HasColumnName("body_en").HasMaxLength(4000);
        });
        // The inbox lists a customer's newest messages first and counts the unread ones.
        e.HasIndex(n => new { n.UserId, n.CreatedAt });
        e.HasIndex(n => n.UserId).HasFilter("read_at IS NULL").HasDatabaseName("ix_notifications_unread");
    }
}
