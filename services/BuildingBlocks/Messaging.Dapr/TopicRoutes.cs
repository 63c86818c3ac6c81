using Microsoft.Extensions.DependencyInjection;

namespace Jade.Messaging.Dapr;

/// <summary>
/// What a service subscribes to, derived from its <see cref="HandlerRegistration"/>s: one topic per message type, each
/// delivered to every handler of that type. Built when the endpoints are mapped, so a topic collision stops start-up.
/// </summary>
internal sealed class TopicRoutes
{
    private TopicRoutes(IReadOnlyList<TopicRoute> routes, string deadLetterTopic) => (Routes, DeadLetterTopic) = (routes, deadLetterTopic);

    public IReadOnlyList<TopicRoute> Routes { get; }

    public string DeadLetterTopic { get; }

    public static TopicRoutes From(IReadOnlyCollection<HandlerRegistration> handlers, string serviceName) => new(
        [.. DaprTopics.Map(handlers.Select(h => h.MessageType))
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new TopicRoute(t.Key, t.Value, [.. handlers.Where(h => h.MessageType == t.Value).Select(TopicHandler.For)]))],
        DaprTopics.DeadLetterFor(serviceName));

    /// <summary>
    /// The subscriptions through the pub/sub component <paramref name="pubSubName"/>, as <c>GET /dapr/subscribe</c> lists
    /// them: each handled topic, and (when there is one) the service's own dead-letter topic, whose events are counted.
    /// The sidecar forwards dead letters itself, so this is how the service learns of them; the durable queue the
    /// operators bind to the same topic keeps its own copy for replay.
    /// </summary>
    public IReadOnlyList<DaprSubscription> SubscriptionsThrough(string pubSubName) =>
    [
        .. Routes.Select(r => new DaprSubscription(pubSubName, r.Topic, DaprTopics.RouteFor(r.Topic), DeadLetterTopic)),
        .. Routes.Count > 0 ? [new DaprSubscription(pubSubName, DeadLetterTopic, DaprTopics.DeadLetterRoute, null)] : Array.Empty<DaprSubscription>(),
    ];

    /// <summary>The dead-lettered event's contract name for the count, or <see cref="DeadLetterCounts.Unknown"/>.</summary>
    public string MessageTypeNamed(string? cloudEventType) =>
        Routes.FirstOrDefault(r => r.MessageType.FullName == cloudEventType)?.MessageType.Name ?? DeadLetterCounts.Unknown;
}

internal sealed record TopicRoute(string Topic, Type MessageType, IReadOnlyList<TopicHandler> Handlers);

/// <summary>Runs one registered handler through the inbox, in a scope (and so a transaction) of its own.</summary>
internal abstract class TopicHandler
{
    public static TopicHandler For(HandlerRegistration registration) =>
        (TopicHandler)Activator.CreateInstance(typeof(TopicHandler<,>).MakeGenericType(registration.MessageType, registration.HandlerType))!;

    public abstract Task DispatchAsync(IServiceScopeFactory scopes, object message, MessageContext context, CancellationToken ct);
}

internal sealed class TopicHandler<TMessage, THandler> : TopicHandler
    where TMessage : class
    where THandler : IMessageHandler<TMessage>
{
    public override async Task DispatchAsync(IServiceScopeFactory scopes, object message, MessageContext context, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MessageDispatcher>()
            .DispatchAsync<TMessage, THandler>((TMessage)message, context, ct);
    }
}
