using System.Text.Json;
using MassTransit;

namespace Jade.Messaging.RabbitMq;

/// <summary>Which contract a message given up on was, for <see cref="DeadLetterCounts"/>.</summary>
internal static class DeadLetterTypes
{
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
        DeadLetterCounts.Add(queue, DeadLetterTypes.MessageTypeOf(context));
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("countDeadLetters");
}
