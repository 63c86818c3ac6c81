using Dapr.Client;
using Microsoft.Extensions.Options;

namespace Jade.Messaging.Dapr;

/// <summary>
/// The publishing side: each outbox row becomes a CloudEvent on its type's topic. The envelope is written here rather
/// than by the sidecar because Dapr's <c>cloudevent.*</c> publish metadata overrides the id, source, type and trace
/// attributes only; other metadata goes to the broker component, which need not pass it on, so the correlation id would
/// be lost. Given <c>application/cloudevents+json</c>, Dapr keeps the envelope and adds topic and trace attributes.
/// </summary>
internal sealed class DaprTransport(DaprClient dapr, IOptions<DaprBusOptions> options, DaprService service, TimeProvider time) : IMessageTransport
{
    public Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var envelope = CloudEventEnvelope.For(message, service.Name, time.GetUtcNow());
        return dapr.PublishByteEventAsync(
            options.Value.PubSubName, DaprTopics.For(message.MessageType), envelope.ToUtf8Bytes(), CloudEventEnvelope.ContentType,
            cancellationToken: cancellationToken);
    }
}

/// <summary>The service's name: the CloudEvents <c>source</c> of what it publishes and the stem of its dead-letter topic.</summary>
internal sealed record DaprService(string Name);
