using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jade.Messaging.Dapr;

/// <summary>
/// Receives one CloudEvent from the sidecar and hands it to the topic's handlers through the inbox, which makes a
/// redelivery (same event id) a no-op. Answers in Dapr's terms: SUCCESS when handled or already handled, DROP when the
/// event can never be handled (the sidecar forwards it to the dead-letter topic), RETRY when a handler failed.
/// </summary>
internal sealed class TopicDelivery(IServiceScopeFactory scopes, ILogger<TopicDelivery> logger)
{
    public async Task<IResult> DeliverAsync(TopicRoute route, HttpRequest request, CancellationToken ct)
    {
        if (await ReadAsync(route, request, ct) is not ({ } message, { } context))
        {
            return TopicEventStatus.Drop;
        }
        try
        {
            // Handlers run one after another, each in its own transaction: when a later one fails, the retry skips the
            // earlier ones through their inbox records.
            foreach (var handler in route.Handlers)
            {
                await handler.DispatchAsync(scopes, message, context, ct);
            }
            return TopicEventStatus.Success;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Handling event {MessageId} from topic {Topic} failed; answering RETRY", context.MessageId, route.Topic);
            return TopicEventStatus.Retry;
        }
    }

    /// <summary>
    /// Counts one of the service's dead letters (<see cref="DeadLetterCounts"/>) and acknowledges it. Always SUCCESS: a
    /// count is never worth a redelivery, and the operators' dead-letter queue keeps the event either way.
    /// </summary>
    public async Task<IResult> CountDeadLetterAsync(TopicRoutes topics, HttpRequest request, CancellationToken ct)
    {
        string? type = null;
        try
        {
            using var envelope = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (envelope.RootElement.ValueKind == JsonValueKind.Object && envelope.RootElement.TryGetProperty("type", out var value)
                && value.ValueKind == JsonValueKind.String)
            {
                type = value.GetString();
            }
        }
        catch (JsonException)
        {
            // Counted as unknown: something reached the dead-letter topic that is not even a CloudEvent.
        }
        var messageType = topics.MessageTypeNamed(type);
        DeadLetterCounts.Add(topics.DeadLetterTopic, messageType);
        logger.LogWarning("An event of type {Type} reached dead-letter topic {Topic}", messageType, topics.DeadLetterTopic);
        return TopicEventStatus.Success;
    }

    private async Task<(object Message, MessageContext Context)?> ReadAsync(TopicRoute route, HttpRequest request, CancellationToken ct)
    {
        CloudEventEnvelope? envelope;
        try
        {
            envelope = await JsonSerializer.DeserializeAsync<CloudEventEnvelope>(request.Body, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Dropping an event on topic {Topic}: not a JSON CloudEvent", route.Topic);
            return null;
        }
        if (envelope is null || !Guid.TryParse(envelope.Id, out var messageId))
        {
            logger.LogWarning("Dropping an event on topic {Topic}: its id '{Id}' is not a message id", route.Topic, envelope?.Id);
            return null;
        }
        try
        {
            if (envelope.Data.ValueKind == JsonValueKind.Object
                && envelope.Data.Deserialize(route.MessageType, CloudEventEnvelope.ReadOptions) is { } message)
            {
                return (message, new MessageContext(messageId, envelope.CorrelationId, envelope.Time));
            }
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Dropping event {MessageId} on topic {Topic}: its data is not a {Type}", messageId, route.Topic, route.MessageType.Name);
            return null;
        }
        logger.LogWarning("Dropping event {MessageId} on topic {Topic}: it carries no {Type}", messageId, route.Topic, route.MessageType.Name);
        return null;
    }
}

/// <summary>The body of a topic route's answer, which the sidecar reads to ack, retry or dead-letter the event.</summary>
internal static class TopicEventStatus
{
    public static IResult Success { get; } = Results.Json(new { status = "SUCCESS" });
    public static IResult Retry { get; } = Results.Json(new { status = "RETRY" });
    public static IResult Drop { get; } = Results.Json(new { status = "DROP" });
}
