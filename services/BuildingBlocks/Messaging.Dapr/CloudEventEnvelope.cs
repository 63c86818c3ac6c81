using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jade.Messaging.Dapr;

/// <summary>
/// A message as a structured CloudEvent (JSON format), the way the adapter publishes it and reads it back. The outbox
/// message id is the event <c>id</c>, which the inbox de-duplicates on; the correlation id travels as the extension
/// attribute <c>correlationid</c>. Dapr keeps an envelope it is given (adding <c>topic</c>, <c>pubsubname</c> and the trace
/// attributes) and passes it unchanged to subscribers and dead-letter topics.
/// </summary>
internal sealed record CloudEventEnvelope(
    [property: JsonPropertyName("specversion")] string SpecVersion,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("time")] DateTimeOffset? Time,
    [property: JsonPropertyName("datacontenttype")] string? DataContentType,
    [property: JsonPropertyName(CloudEventEnvelope.CorrelationAttribute), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CorrelationId,
    [property: JsonPropertyName("data")] JsonElement Data)
{
    public const string ContentType = "application/cloudevents+json";
    public const string CorrelationAttribute = "correlationid";

    /// <summary>Contracts are written as the outbox stores them (web defaults: camelCase).</summary>
    public static JsonSerializerOptions WriteOptions => JsonSerializerOptions.Web;

    /// <summary>
    /// Read strictly: a payload missing a constructor parameter that has no default, or with null where the contract
    /// says non-null, cannot be handled and is dropped rather than handed to a handler half-filled.
    /// </summary>
    public static JsonSerializerOptions ReadOptions { get; } = new(JsonSerializerOptions.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static CloudEventEnvelope For(OutgoingMessage message, string source, DateTimeOffset time) => new(
        "1.0",
        message.MessageId.ToString(),
        source,
        message.MessageType.FullName!,
        time,
        "application/json",
        message.CorrelationId,
        JsonSerializer.SerializeToElement(message.Message, message.MessageType, WriteOptions));

    public byte[] ToUtf8Bytes() => JsonSerializer.SerializeToUtf8Bytes(this);
}
