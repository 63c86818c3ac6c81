using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jade.Notifications.Webhooks;

/// <summary>
/// One event on its way to one endpoint. The body is built once, when the event arrives, and stored exactly as it is
/// sent, so a retry or a replay sends the same bytes under the same <see cref="WebhookId"/>; only the timestamp and the
/// signature are fresh. <see cref="ClaimToken"/> and <see cref="LockedUntil"/> mark a delivery a dispatcher is sending.
/// </summary>
public sealed class WebhookDelivery
{
    public const string Pending = "pending";
    public const string Retrying = "retrying";
    public const string Succeeded = "succeeded";
    public const string Dead = "dead";
    public static readonly string[] Statuses = [Pending, Succeeded, Retrying, Dead];

    public Guid Id { get; init; }
    public Guid EndpointId { get; init; }
    public WebhookEndpoint Endpoint { get; init; } = null!;
    public required string ClientId { get; init; }
    /// <summary>The bus message that caused it: with <see cref="EndpointId"/>, unique.</summary>
    public Guid SourceEventId { get; init; }
    public required string EventType { get; init; }
    public required string Payload { get; init; }
    public required string Status { get; set; }
    /// <summary>Requests sent, all rounds and replays together (the attempt log's length).</summary>
    public int Attempts { get; set; }
    /// <summary><see cref="Attempts"/> when last replayed: the attempt budget counts from there.</summary>
    public int AttemptsAtReplay { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public Guid? ClaimToken { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>The <c>webhook-id</c> header and the id the APIs show.</summary>
    public string WebhookId => WebhookIds.Format(Id);
}

/// <summary>One request of a delivery: what the receiver answered, or why there was no answer.</summary>
public sealed class WebhookAttempt
{
    public Guid Id { get; init; }
    public Guid DeliveryId { get; init; }
    public int Attempt { get; init; }
    public DateTimeOffset At { get; init; }
    public int? StatusCode { get; init; }
    public string? Error { get; init; }
    public int DurationMs { get; init; }
}

public static class WebhookIds
{
    public const string Prefix = "msg_";

    public static string Format(Guid id) => Prefix + id.ToString("N");

    /// <summary>A delivery id as the APIs show it (<c>msg_…</c>); a bare GUID is taken too.</summary>
    public static Guid? Parse(string? value) =>
        value is null ? null
        : value.StartsWith(Prefix, StringComparison.Ordinal) && Guid.TryParseExact(value[Prefix.Length..], "N", out var id) ? id
        : Guid.TryParse(value, out var bare) ? bare
        : null;
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public const string Table = "webhook_deliveries";

    public void Configure(EntityTypeBuilder<WebhookDelivery> e)
    {
        e.ToTable(Table);
        e.HasKey(x => x.Id);
        e.Ignore(x => x.WebhookId);
        e.HasOne(x => x.Endpoint).WithMany().HasForeignKey(x => x.EndpointId).OnDelete(DeleteBehavior.Restrict);
        e.Property(x => x.ClientId).HasMaxLength(200);
        e.Property(x => x.EventType).HasMaxLength(64);
        // text, not jsonb: the signature covers these exact bytes, and jsonb would reorder them.
        e.Property(x => x.Payload).HasColumnType("text");
        e.Property(x => x.Status).HasMaxLength(16);
        e.Property(x => x.LastError).HasMaxLength(1000);
        // A redelivered bus message can never become a second webhook to the same endpoint.
        e.HasIndex(x => new { x.EndpointId, x.SourceEventId }).IsUnique();
        // The dispatcher scans only what may still be sent.
        e.HasIndex(x => x.NextAttemptAt).HasFilter($"status IN ('{WebhookDelivery.Pending}', '{WebhookDelivery.Retrying}')")
            .HasDatabaseName("ix_webhook_deliveries_due");
        e.HasIndex(x => new { x.ClientId, x.CreatedAt });
        e.HasIndex(x => new { x.Status, x.CreatedAt });
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> e)
    {
        e.ToTable("webhook_attempts");
        e.HasKey(x => x.Id);
        e.HasOne<WebhookDelivery>().WithMany().HasForeignKey(x => x.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.Error).HasMaxLength(1000);
        e.HasIndex(x => new { x.DeliveryId, x.Attempt }).IsUnique();
    }
}
