using Jade.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Jade.Notifications.Deliveries;

/// <summary>
/// One e-mail or SMS to send, written in the same transaction as the event that raised it and sent afterwards by
/// <see cref="DeliveryWorker"/>. The unique (event, customer, channel) key is the "exactly one per event per channel" rule.
/// </summary>
public sealed class DeliveryRow
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public Guid SourceEventId { get; init; }
    public required string Channel { get; init; }
    public required string Kind { get; init; }
    public required string Language { get; init; }
    /// <summary>The address or number, encrypted at rest; <see cref="RecipientMasked"/> is what staff see.</summary>
    public required string Recipient { get; init; }
    public required string RecipientMasked { get; init; }
    public string? Subject { get; init; }
    public required string Body { get; init; }
    public string Status { get; set; } = DeliveryStatuses.Pending;
    public int Attempts { get; set; }
    /// <summary>How often staff replayed it: a replay is a new send, so it gets a provider idempotency key of its own.</summary>
    public int Replays { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public string? ProviderMessageId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The provider idempotency key and e-mail Message-Id part: the same for retries of one send, new for a replay.</summary>
    public string SendKey => Replays == 0 ? Id.ToString("N") : $"{Id:N}-{Replays}";

    public static void Configure(ModelBuilder model, IDataProtectionProvider dataProtection) => model.Entity<DeliveryRow>(e =>
    {
        e.ToTable("deliveries");
        e.Ignore(d => d.SendKey);
        e.HasKey(d => d.Id);
        e.Property(d => d.Channel).HasMaxLength(10);
        e.Property(d => d.Kind).HasMaxLength(50);
        e.Property(d => d.Language).HasMaxLength(10);
        e.Property<string?>(nameof(Recipient)).IsEncryptedPersonalData(dataProtection).IsRequired();
        e.Property(d => d.RecipientMasked).HasMaxLength(100);
        e.Property(d => d.Subject).HasMaxLength(200);
        e.Property(d => d.Body).HasMaxLength(4000);
        e.Property(d => d.Status).HasMaxLength(10);
        e.Property(d => d.LastError).HasMaxLength(2000);
        e.Property(d => d.ProviderMessageId).HasMaxLength(100);
        e.HasIndex(d => new { d.SourceEventId, d.UserId, d.Channel }).IsUnique();
        // The worker's claim: the few pending rows that are due, oldest first.
        e.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'pending'").HasDatabaseName("ix_deliveries_due");
        e.HasIndex(d => new { d.Channel, d.Status, d.CreatedAt });
    });
}

public static class DeliveryStatuses
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Pending, Sent, Failed];
}
