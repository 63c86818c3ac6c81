using Dapr.Client;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Jade.Messaging.Dapr;

public static class DaprBus
{
    /// <summary>
    /// The Dapr pub/sub adapter of the bus port: publishes through the sidecar with <see cref="DaprClient"/>, and
    /// subscribes each handled message type's topic through the endpoints <see cref="MapDaprBus"/> serves to the sidecar.
    /// The host refuses to start without the sidecar's app token.
    /// </summary>
    public static IHostApplicationBuilder AddDaprBus(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddOptions<DaprBusOptions>()
            .BindConfiguration(DaprBusOptions.Section)
            .PostConfigure<IConfiguration>((o, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(o.AppApiToken)) o.AppApiToken = configuration[DaprBusOptions.AppApiTokenVariable];
            })
            .Validate(o => !string.IsNullOrWhiteSpace(o.AppApiToken),
                $"The Dapr bus needs the sidecar's app token: set {DaprBusOptions.AppApiTokenVariable} (or {DaprBusOptions.Section}:AppApiToken).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.PubSubName), $"{DaprBusOptions.Section}:PubSubName must not be empty.")
            .ValidateOnStart();
        builder.Services.AddSingleton(new DaprService(serviceName));
        builder.Services.AddSingleton(sp => TopicRoutes.From([.. sp.GetServices<HandlerRegistration>()], serviceName));
        builder.Services.AddSingleton<TopicDelivery>();
        builder.Services.AddSingleton<SidecarToken>();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DaprBusOptions>>().Value;
            // The SDK reads DAPR_API_TOKEN (what the app presents to the sidecar) from the environment itself.
            var client = new DaprClientBuilder();
            if (options.GrpcEndpoint is { Length: > 0 } grpc) client.UseGrpcEndpoint(grpc);
            if (options.HttpEndpoint is { Length: > 0 } http) client.UseHttpEndpoint(http);
            return client.Build();
        });
        builder.Services.AddSingleton<IMessageTransport, DaprTransport>();
        // Degraded, not Unhealthy, for the reason the RabbitMQ check is: the outbox holds messages while the sidecar is away.
        builder.Services.AddHealthChecks().AddCheck<DaprSidecarHealthCheck>(
            "dapr", HealthStatus.Degraded, [ServiceDefaultsExtensions.ReadyTag], timeout: TimeSpan.FromSeconds(5));
        return builder;
    }

    /// <summary>
    /// The endpoints only the sidecar may call (each checks <c>dapr-api-token</c>): <c>GET /dapr/subscribe</c>, one
    /// <c>POST /dapr/events/{topic}</c> per subscribed topic and <c>POST /dapr/dead-letters</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapDaprBus(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var topics = services.GetRequiredService<TopicRoutes>();
        var delivery = services.GetRequiredService<TopicDelivery>();
        var token = services.GetRequiredService<SidecarToken>();

        // Authenticated by the app token rather than a bearer token, and no part of the public API.
        RouteHandlerBuilder ForSidecar(RouteHandlerBuilder endpoint) =>
            endpoint.AddEndpointFilter(token).AllowAnonymous().ExcludeFromDescription();

        // The options are read per request: they are validated when the host starts, which commands like --migrate never do.
        ForSidecar(endpoints.MapGet("/dapr/subscribe",
            (IOptions<DaprBusOptions> options) => Results.Json(topics.SubscriptionsThrough(options.Value.PubSubName))));
        foreach (var route in topics.Routes)
        {
            ForSidecar(endpoints.MapPost(DaprTopics.RouteFor(route.Topic),
                (HttpRequest request, CancellationToken ct) => delivery.DeliverAsync(route, request, ct)));
        }
        if (topics.Routes.Count > 0)
        {
            DeadLetterCounts.Track(topics.DeadLetterTopic, topics.Routes.Select(r => r.MessageType));
            ForSidecar(endpoints.MapPost(DaprTopics.DeadLetterRoute,
                (HttpRequest request, CancellationToken ct) => delivery.CountDeadLetterAsync(topics, request, ct)));
        }
        return endpoints;
    }
}
