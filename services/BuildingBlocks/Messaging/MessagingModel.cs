using Microsoft.EntityFrameworkCore;

namespace Jade.Messaging;

public static class MessagingModel
{
    /// <summary>Maps the outbox and inbox tables into the owning service's schema.</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.Type).HasMaxLength(300);
            e.Property(m => m.Payload).HasColumnType("jsonb");
            e.Property(m => m.CorrelationId).HasMaxLength(64);
            e.Property(m => m.LastError).HasMaxLength(2000);
            // The relay scans only unsent rows; a partial index keeps that scan small however long history grows.
            e.HasIndex(m => m.Id).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_messages_unsent");
        });
        model.Entity<InboxMessage>(e =>
        {
            e.ToTable("inbox_messages");
            e.HasKey(m => new { m.MessageId, m.Consumer });
            e.Property(m => m.Consumer).HasMaxLength(200);
        });
        return model;
    }
}
