using System.Text.Json;

namespace Jade.Messaging;

public sealed class OutboxMessage
{
    /// <summary>
    /// The row for <paramref name="message"/>. <see cref="IOutbox"/> adds it through EF Core; a write path on raw SQL
    /// inserts it itself, in its own transaction, and then calls <see cref="OutboxSignal.Notify"/> after committing.
    /// </summary>
    public static OutboxMessage For<TMessage>(TMessage message, DateTimeOffset now, string? correlationId = null) where TMessage : class => new()
    {
        Id = OutboxIds.Shared.Next(now),
        // The runtime type, so a saga can hand over commands it holds as object.
        Type = MessageTypeName.Of(message.GetType()),
        Payload = JsonSerializer.Serialize(message, message.GetType(), JsonSerializerOptions.Web),
        CorrelationId = correlationId,
        CreatedAt = now,
    };

    public Guid Id { get; init; }
    /// <summary>Assembly-qualified contract type name without version, resolvable by the relay.</summary>
    public required string Type { get; init; }
    public required string Payload { get; init; }
    public string? CorrelationId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

/// <summary>
/// Outbox ids that rise with every row this process adds. The relay sends a correlation's rows in id order, and
/// <see cref="Guid.CreateVersion7(DateTimeOffset)"/> alone orders ids of one millisecond at random: a screening's case
/// and its decision, added together, went out in either order.
/// </summary>
public sealed class OutboxIds
{
    private readonly Lock _gate = new();
    private Guid _last;

    /// <summary>The process's generator, which every outbox row takes its id from.</summary>
    public static OutboxIds Shared { get; } = new();

    /// <summary>A version 7 id for <paramref name="now"/>, or just above the previous one if that is not below it.</summary>
    public Guid Next(DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        lock (_gate)
        {
            // Guid.CompareTo orders as PostgreSQL orders uuid (the bytes in RFC 9562 order, unsigned).
            if (id.CompareTo(_last) <= 0) id = After(_last);
            _last = id;
        }
        return id;
    }

    /// <summary>The next id in the random part (rand_b), keeping the timestamp, version and variant.</summary>
    private static Guid After(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        for (var i = 15; i >= 9; i--)
        {
            if (++bytes[i] != 0) return new Guid(bytes, bigEndian: true);
        }
        bytes[8] = (byte)((bytes[8] & 0xC0) | ((bytes[8] + 1) & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}

public sealed class InboxMessage
{
    public Guid MessageId { get; init; }
    public required string Consumer { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
}
