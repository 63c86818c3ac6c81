using Jade.Messaging;
using Jade.ServiceDefaults;
using Jade.Contracts.Payments;

namespace Jade.Notifications.Webhooks;

/// <summary>Partner webhooks: endpoint registration, payment events turned into signed deliveries, and their dispatch.</summary>
public static class WebhooksFeature
{
    /// <summary>The per-partner request limit on the webhooks API (<c>Webhooks:PartnerRequestsPerMinute</c>, default 120).</summary>
    public const string PartnerRateLimit = "partner-webhooks";

    /// <summary>Call before <c>AddRabbitMqBus</c>, which subscribes the handlers registered here.</summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.AttemptTimeout >= TimeSpan.FromMilliseconds(10)
                && o.InProcessRetryDelay > TimeSpan.Zero && o.InProcessRetryMaxDelay >= o.InProcessRetryDelay
                && o.BackoffBase > TimeSpan.Zero && o.BackoffMax >= o.BackoffBase
                && o.DisableAfterFailingFor >= TimeSpan.Zero && o.PreviousSecretLifetime >= TimeSpan.Zero,
                "Webhooks: delays and timeouts must be positive, and each maximum at least its base.")
            .ValidateOnStart();
        var perMinute = builder.Configuration.GetValue($"{WebhookOptions.Section}:PartnerRequestsPerMinute", 120);
        services.AddRateLimiter(o => o.RejectWithProblem(TimeSpan.FromMinutes(1))
            .AddPerCaller(PartnerRateLimit, user => user.Subject(), perMinute, TimeSpan.FromMinutes(1)));
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookSecrets>();
        services.AddScoped<WebhookDeliveryWriter>();
        services.AddScoped<WebhookOutcomes>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookDispatcher>();
        services.AddMessageHandler<PaymentCompleted, PaymentCompletedWebhooks>();
        services.AddMessageHandler<PaymentFailed, PaymentFailedWebhooks>();

        return builder;
    }

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPartnerWebhookEndpoints().MapStaffWebhookEndpoints();
}
