using Jade.Messaging.Dapr;
using Jade.Messaging.RabbitMq;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jade.Messaging.Bus;

/// <summary>
/// Picks the bus adapter from <c>Messaging:Transport</c>: <c>rabbitmq</c> (the default) or <c>dapr</c>. Handlers, sagas and
/// the outbox are the same under both; only how messages reach the broker changes.
/// </summary>
public static class MessageBus
{
    public const string TransportSetting = "Messaging:Transport";
    public const string UseRabbitMq = "rabbitmq";
    public const string UseDapr = "dapr";

    /// <summary>Call after every <c>AddMessageHandler</c>: the adapter subscribes from the handlers registered so far.</summary>
    public static IHostApplicationBuilder AddMessageBus(this IHostApplicationBuilder builder, string serviceName) =>
        TransportOf(builder.Configuration) == UseDapr
            ? builder.AddDaprBus(serviceName)
            : builder.AddRabbitMqBus(serviceName);

    /// <summary>The sidecar's endpoints under Dapr; nothing under RabbitMQ, which consumes from its own connection.</summary>
    public static IEndpointRouteBuilder MapMessageBus(this IEndpointRouteBuilder endpoints) =>
        TransportOf(endpoints.ServiceProvider.GetRequiredService<IConfiguration>()) == UseDapr
            ? endpoints.MapDaprBus()
            : endpoints;

    private static string TransportOf(IConfiguration configuration) =>
        (configuration[TransportSetting] ?? UseRabbitMq).Trim().ToLowerInvariant() switch
        {
            UseRabbitMq => UseRabbitMq,
            UseDapr => UseDapr,
            var other => throw new InvalidOperationException($"{TransportSetting} is '{other}'; use '{UseRabbitMq}' or '{UseDapr}'."),
        };
}
