using System.Net.Http.Json;
using Jade.Contracts.Payments;
using Jade.Messaging;
using Jade.Notifications.Webhooks;
using Jade.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Notifications.Tests.Webhooks;

/// <summary>What the webhook tests share: settings that turn minutes into milliseconds, calls to the partner API, events.</summary>
internal static class WebhookTestKit
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Fast rounds: 3 requests each (2 in-round retries), rounds a few hundred milliseconds apart, dead after 6 requests.</summary>
    public static Dictionary<string, string> FastDelivery(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string>
        {
            ["Webhooks:AllowInsecureUrls"] = "true",
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Webhooks:PollInterval"] = "00:00:00.100",
            ["Webhooks:AttemptTimeout"] = "00:00:02",
            ["Webhooks:InProcessRetries"] = "2",
            ["Webhooks:InProcessRetryDelay"] = "00:00:00.020",
            ["Webhooks:InProcessRetryMaxDelay"] = "00:00:00.100",
            ["Webhooks:BackoffBase"] = "00:00:00.300",
            ["Webhooks:BackoffMax"] = "00:00:01",
            ["Webhooks:MaxAttempts"] = "6",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }
        return settings;
    }

    public static async Task<CreatedWebhookEndpoint> CreateEndpointAsync(this HttpClient partner, Uri url, params string[] events)
    {
        using var response = await partner.PostAsJsonAsync("/partner/v1/webhooks/endpoints",
            new { url = url.ToString(), events = events.Length == 0 ? null : events, description = "test receiver" });
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CreatedWebhookEndpoint>())!;
    }

    /// <summary>Registers <paramref name="hook"/> as an endpoint of the partner and hands the hook the secret.</summary>
    public static async Task<CreatedWebhookEndpoint> RegisterAsync(this HttpClient partner, Hook hook, params string[] events)
    {
        var endpoint = await partner.CreateEndpointAsync(hook.Url, events);
        hook.Secrets.Add(endpoint.Secret);
        return endpoint;
    }

    public static PaymentCompleted Completed(string partner, long amountMinor = 1234, string kind = "partner_credit") => new(
        Guid.CreateVersion7(), kind, Guid.CreateVersion7(), null, amountMinor, "CNY", $"Partner bank {partner}", "l***@example.com",
        partner, $"E2E-{Guid.NewGuid():N}"[..20], DateTimeOffset.UtcNow);

    public static PaymentFailed Failed(string partner, long amountMinor = 500) => new(
        Guid.CreateVersion7(), "partner_payout", Guid.CreateVersion7(), null, amountMinor, "CNY", $"Partner bank {partner}", "6222 **** 1234",
        partner, $"E2E-{Guid.NewGuid():N}"[..20], "risk_declined", "RR04", DateTimeOffset.UtcNow);

    /// <summary>
    /// Returns once the service consumes payment events from its fresh virtual host. RabbitMQ drops what is published
    /// before the queue is bound to the event's exchange, so a test's first event could vanish on a cold machine; a
    /// probe for a partner with no endpoints is published (same message id, so at most one effect) until consumed.
    /// </summary>
    public static async Task WaitUntilSubscribedAsync(this NotificationsApp app)
    {
        var transport = app.Services.GetRequiredService<IMessageTransport>();
        var probe = new OutgoingMessage(Guid.CreateVersion7(), typeof(PaymentCompleted), Completed("partner-probe"), null);
        var consumed = await transport.PublishUntilAsync(probe,
            () => app.ScalarAsync($"SELECT count(*) FROM notifications.inbox_messages WHERE message_id = '{probe.MessageId}'"),
            n => n > 0, TimeSpan.FromSeconds(60));
        Assert.That(consumed, Is.GreaterThan(0), "the service never consumed a payment event");
    }

    /// <summary>Publishes through the service's own outbox, as a producer would.</summary>
    public static async Task PublishAsync<T>(this NotificationsApp app, T message) where T : class
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IOutbox>().Add(message);
        await scope.ServiceProvider.GetRequiredService<NotificationsDb>().SaveChangesAsync();
    }

    public static async Task<List<WebhookDelivery>> DeliveriesAsync(this NotificationsApp app, string partner)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationsDb>().WebhookDeliveries.AsNoTracking()
            .Where(d => d.ClientId == partner).OrderBy(d => d.CreatedAt).ToListAsync();
    }

    public static async Task<WebhookDeliveryDetail> DetailAsync(this HttpClient staff, string webhookId) =>
        (await staff.GetFromJsonAsync<WebhookDeliveryDetail>($"/api/notifications/admin/webhooks/deliveries/{webhookId}"))!;

    public static Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(this Hook hook, Func<IReadOnlyList<ReceivedWebhook>, bool> condition) =>
        Eventually.WaitForAsync(() => Task.FromResult(hook.Received), condition, Patience);

    public static Task<WebhookDeliveryDetail> WaitForStatusAsync(this HttpClient staff, string webhookId, string status) =>
        Eventually.WaitForAsync(() => staff.DetailAsync(webhookId), d => d.Status == status, Patience);
}

internal sealed record ValidationProblem(string? Title, Dictionary<string, string[]> Errors);
