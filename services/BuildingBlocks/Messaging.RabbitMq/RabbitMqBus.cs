using Jade.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jade.Messaging.RabbitMq;

public static class RabbitMqBus
{
    public const string CorrelationHeader = "X-Correlation-Id";

    /// <summary>
    /// The RabbitMQ adapter of the bus port. Call after every <c>AddMessageHandler</c>: each handler becomes a consumer
    /// on the service's queue (named <paramref name="serviceName"/>). Deliveries that still fail after the retries move
    /// to <c>{serviceName}_error</c>, where an operator can inspect and replay them; each one is counted in
    /// <c>jade_messaging_dead_lettered_total</c>. Deliveries that fail because the database is unreachable wait for it
    /// instead.
    /// </summary>
    public static IHostApplicationBuilder AddRabbitMqBus(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.RequireConnectionStringToServe("rabbitmq");
        var handlers = builder.Services
            .Where(d => d.ServiceType == typeof(HandlerRegistration) && d.ImplementationInstance is not null)
            .Select(d => (HandlerRegistration)d.ImplementationInstance!)
            .ToList();

        var inbox = builder.Configuration.GetSection(MessagingRegistration.InboxSection).Get<InboxOptions>() ?? new InboxOptions();
        builder.Services.AddMassTransit(bus =>
        {
            foreach (var handler in handlers)
            {
                bus.AddConsumer(typeof(HandlerConsumer<,>).MakeGenericType(handler.MessageType, handler.HandlerType));
            }
            // A broker outage degrades readiness instead of failing it: the outbox keeps every message until the broker
            // returns, so taking the instance out of rotation would only turn a delay into an outage for customers.
            bus.ConfigureHealthCheckOptions(o =>
            {
                o.Name = "rabbitmq";
                o.MinimalFailureStatus = HealthStatus.Degraded;
                o.Tags.Add(ServiceDefaultsExtensions.ReadyTag);
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                // The bus is built while the app maps its health checks, before any command runs, but connects only when
                // the host starts, and a host without the setting refuses to start (RequireConnectionStringToServe). So a
                // command that never uses the bus runs without a broker, on an address nothing ever dials.
                rabbit.Host(new Uri(context.GetRequiredService<IConfiguration>().GetConnectionString("rabbitmq") ?? "amqp://not-configured/"));
                if (handlers.Count == 0)
                {
                    return;
                }
                DeadLetterCounts.Track(serviceName, handlers.Select(h => h.MessageType));
                rabbit.ReceiveEndpoint(serviceName, endpoint =>
                {
                    // Deliveries in flight are what the inbox batches (MessageDispatcher): twice a batch, so the next one
                    // fills while the last commits. With MassTransit's default of 16 a busy service's batches stayed small
                    // while its queue grew.
                    endpoint.PrefetchCount = 2 * inbox.MaxBatch;
                    // An error pipe of our own replaces MassTransit's default one, so the default filters come after ours.
                    endpoint.ConfigureError(error => error.UseFilter(new CountDeadLetters(serviceName)));
                    endpoint.ConfigureDefaultErrorTransport();
                    // A delivery that failed because the database is unreachable waits for it, however long a failover or
                    // restart takes: after the retries below it would go to the error queue, and an event nobody resends
                    // (UserRegistered) would stay there until an operator replayed it. int.MaxValue tries every 5 s is
                    // centuries; Exponential, because Interval would allocate one TimeSpan per try, and its jitter spreads
                    // the prefetched deliveries' reconnections. Tied to the bus (rabbit), so stopping the service ends the
                    // wait and the delivery goes back to the queue; otherwise the stop would wait for the database.
                    endpoint.UseMessageRetry(rabbit, r =>
                    {
                        r.Handle<Exception>(DatabaseOutage.Caused);
                        r.Exponential(int.MaxValue, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));
                    });
                    // Any other failure is the message's own: a few retries, then the error queue. It must leave outages to
                    // the retry above, which never retries an exception that a retry inside it has given up on.
                    endpoint.UseMessageRetry(r =>
                    {
                        r.Ignore<Exception>(DatabaseOutage.Caused);
                        r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(400));
                    });
                    endpoint.ConfigureConsumers(context);
                });
            });
        });
        builder.Services.AddSingleton<IMessageTransport, MassTransitTransport>();
        return builder;
    }
}

internal sealed class HandlerConsumer<TMessage, THandler>(MessageDispatcher dispatcher) : IConsumer<TMessage>
    where TMessage : class
    where THandler : IMessageHandler<TMessage>
{
    public Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("Message without id cannot be de-duplicated.");
        var correlationId = context.Headers.Get<string>(RabbitMqBus.CorrelationHeader);
        return dispatcher.DispatchAsync<TMessage, THandler>(
            context.Message, new MessageContext(messageId, correlationId, context.SentTime), context.CancellationToken);
    }
}

internal sealed class MassTransitTransport(IBus bus) : IMessageTransport
{
    public Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken) =>
        bus.Publish(message.Message, message.MessageType, context =>
        {
            context.MessageId = message.MessageId;
            if (message.CorrelationId is not null)
            {
                context.Headers.Set(RabbitMqBus.CorrelationHeader, message.CorrelationId);
            }
        }, cancellationToken);
}
