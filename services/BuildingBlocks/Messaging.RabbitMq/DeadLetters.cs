using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using MassTransit;

namespace Jade.Messaging.RabbitMq;

/// <summary>
/// <c>jade_messaging_dead_lettered_total{queue, message_type}</c>: messages this process moved to <c>{queue}_error</c>
/// because their handler still failed after the retries (or they could not be read at all: <c>message_type="unknown"</c>).
/// Every consumed message type starts at 0, so the first dead letter is an increase a rate or <c>increase()</c> can
/// see, not a new series.
/// </summary>
internal static class DeadLetterCounts
{
    private const string Unknown = "unknown";

    private static readonly Meter Meter = new("Jade.Messaging");
    private static readonly ConcurrentDictionary<(string Queue, string MessageType), long> Counts = new();

    private static readonly ObservableCounter<long> DeadLettered = Meter.CreateObservableCounter(
        "jade.messaging.dead_lettered",
        () => Counts.Select(c => new Measurement<long>(c.Value,
            new KeyValuePair<string, object?>("queue", c.Key.Queue), new KeyValuePair<string, object?>("message_type", c.Key.MessageType))),
        description: "Messages moved to the service's error queue after the consumer gave up");

    public static void Track(string queue, IEnumerable<Type> messageTypes)
    {
        foreach (var name in messageTypes.Select(t => t.Name).Append(Unknown))
        {
            Counts.TryAdd((queue, name), 0);
        }
    }

    public static void Add(string queue, string? messageType) =>
        Counts.AddOrUpdate((queue, messageType ?? Unknown), 1, (_, n) => n + 1);

    /// <summary>
    /// "LedgerCommandCompleted" from the envelope's "urn:message:Jade.Contracts.Ledger:LedgerCommandCompleted". Read
    /// from the body because the error pipe sees the received bytes, not the consumer's typed context; this runs only for
    /// a message that is being given up on.
    /// </summary>
    public static string? MessageTypeOf(ReceiveContext context)
    {
        try
        {
            using var envelope = JsonDocument.Parse(context.Body.GetBytes());
            return envelope.RootElement.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array
                   && types.GetArrayLength() > 0 && types[0].GetString() is { } urn
                ? urn[(urn.LastIndexOf(':') + 1)..]
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The first filter of the error pipe: lets the standard filters publish the fault and move the message to the error
/// queue, then counts it — only once the move succeeded, so a count is a message an operator will find there.
/// </summary>
internal sealed class CountDeadLetters(string queue) : IFilter<ExceptionReceiveContext>
{
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        await next.Send(context);
        DeadLetterCounts.Add(queue, DeadLetterCounts.MessageTypeOf(context));
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("countDeadLetters");
}
