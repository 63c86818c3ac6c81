using System.Net;
using System.Net.Http.Json;
using Jade.Notifications.Webhooks;
using Jade.Testing;

namespace Jade.Notifications.Tests.Webhooks;

/// <summary>An endpoint that keeps failing is disabled automatically, and delivers again once the partner enables it.</summary>
public sealed class WebhookDisablingTests
{
    private NotificationsApp _app = null!;
    private WebhookReceiver _receiver = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        // One request per round, rounds 50-100 ms apart, a budget that outlasts the test; disabled after 3 failed rounds
        // once the first of them is 300 ms old.
        _app = await NotificationsApp.StartAsync(WebhookTestKit.FastDelivery(
            ("Webhooks:InProcessRetries", "0"),
            ("Webhooks:BackoffBase", "00:00:00.050"),
            ("Webhooks:BackoffMax", "00:00:00.100"),
            ("Webhooks:MaxAttempts", "1000"),
            ("Webhooks:DisableAfterConsecutiveFailures", "3"),
            ("Webhooks:DisableAfterFailingFor", "00:00:00.300")));
        await _app.WaitUntilSubscribedAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Test]
    public async Task Sustained_failure_disables_the_endpoint_and_enabling_it_resumes_delivery()
    {
        using var partner = _app.PartnerClient("partner-flaky");
        using var staff = _app.StaffClient();
        var hook = _receiver.Add("flaky");
        var endpoint = await partner.RegisterAsync(hook);
        hook.FailAlways();

        await _app.PublishAsync(WebhookTestKit.Completed("partner-flaky"));
        var disabled = await Eventually.WaitForAsync(
            async () => (await partner.GetFromJsonAsync<WebhookEndpointList>("/partner/v1/webhooks/endpoints"))!.Items.Single(),
            e => e.Status == WebhookEndpoint.Disabled, WebhookTestKit.Patience);
        var failing = hook.Received;
        Assert.Multiple(() =>
        {
            Assert.That(disabled.Status, Is.EqualTo("disabled"));
            Assert.That(disabled.DisabledReason, Does.Contain("500"), "the reason says what kept failing");
            Assert.That(failing, Has.Count.GreaterThanOrEqualTo(3));
            Assert.That(failing[^1].At - failing[0].At, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250)), "failing for a while, not a blip");
        });

        // Nothing more goes to a disabled endpoint, not even a new event, and a replay is refused until it is enabled.
        var seen = hook.Received.Count;
        await _app.PublishAsync(WebhookTestKit.Completed("partner-flaky"));
        await Task.Delay(1000);
        var pending = await partner.GetFromJsonAsync<WebhookDeliveryPage>("/partner/v1/webhooks/deliveries");
        using var refused = await partner.PostAsync($"/partner/v1/webhooks/deliveries/{pending!.Items[0].Id}/replay", null);
        Assert.Multiple(() =>
        {
            Assert.That(hook.Received, Has.Count.EqualTo(seen));
            Assert.That(pending.Items, Has.Count.EqualTo(1), "no delivery is created for a disabled endpoint");
            Assert.That(pending.Items[0].Status, Is.EqualTo("retrying"));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        });

        hook.Recover();
        using var enable = await partner.PostAsync($"/partner/v1/webhooks/endpoints/{endpoint.Id}/enable", null);
        Assert.That(enable.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var enabled = (await enable.Content.ReadFromJsonAsync<WebhookEndpointView>())!;
        var delivered = await staff.WaitForStatusAsync(pending.Items[0].Id, WebhookDelivery.Succeeded);
        var endpoints = await partner.GetFromJsonAsync<WebhookEndpointList>("/partner/v1/webhooks/endpoints");
        Assert.Multiple(() =>
        {
            Assert.That(enabled.Status, Is.EqualTo("enabled"));
            Assert.That(enabled.DisabledReason, Is.Null);
            Assert.That(delivered.AttemptLog[^1].StatusCode, Is.EqualTo(204));
            Assert.That(delivered.AttemptLog.Count(a => a.StatusCode == 500), Is.EqualTo(seen));
            Assert.That(endpoints!.Items.Single().Status, Is.EqualTo("enabled"), "a success keeps it enabled");
        });
    }
}
