using Microsoft.EntityFrameworkCore;

namespace Jade.Persistence.Idempotency;

/// <summary>
/// One <c>Idempotency-Key</c> a caller used: the request it stood for (a SHA-256 fingerprint of method, path and body)
/// and, once answered, the answer to replay. Keys are scoped to their owner (the token's subject or client), so two
/// customers choosing the same key never meet.
/// </summary>
public sealed class IdempotencyKey
{
    public const string InFlight = "in_flight";
    public const string Completed = "completed";

    public required string Owner { get; init; }
    public required string Key { get; init; }
    public required byte[] RequestHash { get; init; }
    public required string Status { get; set; }
    /// <summary>While in flight, until when the request that claimed the key holds it; a crashed holder's key is
    /// taken over after this.</summary>
    public DateTimeOffset LockedUntil { get; set; }
    public int? ResponseStatus { get; set; }
    public string? ResponseContentType { get; set; }
    /// <summary>The answer's <c>Location</c> header (a created resource), replayed with it.</summary>
    public string? ResponseLocation { get; set; }
    public byte[]? ResponseBody { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
}

public static class IdempotencyModel
{
    /// <summary>Maps the <c>idempotency_keys</c> table into the owning service's schema.</summary>
    public static ModelBuilder AddIdempotencyKeys(this ModelBuilder model)
    {
        model.Entity<IdempotencyKey>(e =>
        {
            e.ToTable("idempotency_keys");
            e.HasKey(k => new { k.Owner, k.Key });
            e.Property(k => k.Owner).HasMaxLength(200);
            e.Property(k => k.Key).HasMaxLength(IdempotencyKeys.MaxKeyLength);
            e.Property(k => k.Status).HasMaxLength(16);
            e.Property(k => k.ResponseContentType).HasMaxLength(200);
            e.Property(k => k.ResponseLocation).HasMaxLength(2000);
            e.HasIndex(k => k.CreatedAt);
        });
        return model;
    }
}
