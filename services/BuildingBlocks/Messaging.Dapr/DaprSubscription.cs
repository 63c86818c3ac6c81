using System.Text.Json.Serialization;

namespace Jade.Messaging.Dapr;

/// <summary>
/// A programmatic subscription, in the shape the sidecar reads from <c>GET /dapr/subscribe</c>. The subscription to the
/// service's own dead-letter topic has no dead-letter topic of its own.
/// </summary>
public sealed record DaprSubscription(
    [property: JsonPropertyName("pubsubname")] string PubSubName,
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("route")] string Route,
    [property: JsonPropertyName("deadLetterTopic"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeadLetterTopic);
