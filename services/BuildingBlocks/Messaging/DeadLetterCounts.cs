using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Jade.Messaging;

/// <summary>
/// <c>jade_messaging_dead_lettered_total{queue, message_type}</c>: messages given up on after their retries, or that
/// could not be read at all (<c>message_type="unknown"</c>). Under RabbitMQ the queue is the service's (its error queue
/// is <c>{queue}_error</c>); under Dapr it is the service's dead-letter topic. Every consumed message type starts at 0,
/// so the first dead letter is an increase a rate or <c>increase()</c> can see, not a new series.
/// </summary>
public static class DeadLetterCounts
{
    public const string Unknown = "unknown";

    private static readonly Meter Meter = new("Jade.Messaging");
    private static readonly ConcurrentDictionary<(string Queue, string MessageType), long> Counts = new();

    private static readonly ObservableCounter<long> DeadLettered = Meter.CreateObservableCounter(
        "jade.messaging.dead_lettered",
        () => Counts.Select(c => new Measurement<long>(c.Value,
            new KeyValuePair<string, object?>("queue", c.Key.Queue), new KeyValuePair<string, object?>("message_type", c.Key.MessageType))),
        description: "Messages a service's consumer gave up on (moved to its error queue or dead-letter topic)");

    public static void Track(string queue, IEnumerable<Type> messageTypes)
    {
        foreach (var name in messageTypes.Select(t => t.Name).Append(Unknown))
        {
            Counts.TryAdd((queue, name), 0);
        }
    }

    public static void Add(string queue, string? messageType) =>
        Counts.AddOrUpdate((queue, messageType ?? Unknown), 1, (_, n) => n + 1);
}
