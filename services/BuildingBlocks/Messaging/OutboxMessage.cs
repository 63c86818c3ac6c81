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
        Id = Guid.CreateVersion7(now),
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

public sealed class InboxMessage
{
    public Guid MessageId { get; init; }
    public required string Consumer { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
}
