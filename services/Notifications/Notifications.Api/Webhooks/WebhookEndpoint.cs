using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jade.Notifications.Webhooks;

/// <summary>
/// A partner's receiving URL and the events it wants. The signing secret is kept encrypted (<see cref="WebhookSecrets"/>);
/// after a rotation the previous one signs too until <see cref="PreviousSecretExpiresAt"/>. A deleted endpoint stays as a
/// row, secrets erased, so its deliveries' history keeps its URL.
/// </summary>
public sealed class WebhookEndpoint
{
    public const string Enabled = "enabled";
    public const string Disabled = "disabled";
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 256;

    public Guid Id { get; init; }
    public required string ClientId { get; init; }
    public required string Url { get; init; }
    public required string[] Events { get; init; }
    public string? Description { get; init; }
    public required string Status { get; set; }
    public string? DisabledReason { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }
    public required string SecretCiphertext { get; set; }
    public string? PreviousSecretCiphertext { get; set; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }
    /// <summary>Failed delivery rounds in a row; a success resets it.</summary>
    public int ConsecutiveFailures { get; set; }
    /// <summary>When the current run of failures began; null while the endpoint works.</summary>
    public DateTimeOffset? FailingSince { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeletedAt { get; set; }
}

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public const string Table = "webhook_endpoints";

    public void Configure(EntityTypeBuilder<WebhookEndpoint> e)
    {
        e.ToTable(Table);
        e.HasKey(x => x.Id);
        e.Property(x => x.ClientId).HasMaxLength(200);
        e.Property(x => x.Url).HasMaxLength(WebhookEndpoint.MaxUrlLength);
        e.Property(x => x.Description).HasMaxLength(WebhookEndpoint.MaxDescriptionLength);
        e.Property(x => x.Status).HasMaxLength(16);
        e.Property(x => x.DisabledReason).HasMaxLength(1000);
        // Data Protection ciphertext: unbounded text, the secret itself is fixed-size.
        e.Property(x => x.SecretCiphertext).HasColumnType("text");
        e.Property(x => x.PreviousSecretCiphertext).HasColumnType("text");
        e.HasIndex(x => x.ClientId).HasFilter("deleted_at IS NULL").HasDatabaseName("ix_webhook_endpoints_live");
    }
}
