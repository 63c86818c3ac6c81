namespace Jade.Messaging;

public sealed class OutboxMessage
{
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
