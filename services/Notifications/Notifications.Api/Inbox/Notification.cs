using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jade.Notifications.Inbox;

/// <summary>A message in a customer's in-app inbox, kept in both UI languages so a language switch needs no refetch.</summary>
public sealed class Notification
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public required string Category { get; init; }
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
