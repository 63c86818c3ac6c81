using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Messaging;
using Jade.Notifications.Webhooks;
using Jade.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Notifications.Tests.Webhooks;

/// <summary>
/// Payment events on the real bus become signed webhooks to a real receiver. Each test is its own partner with its own
/// hooks, so they share one service and one receiver.
/// </summary>
public sealed class WebhookDeliveryTests
{
    private NotificationsApp _app = null!;
    private WebhookReceiver _receiver = null!;
    private HttpClient _staff = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _app = await NotificationsApp.StartAsync(WebhookTestKit.FastDelivery());
        await _app.WaitUntilSubscribedAsync();
        _staff = _app.StaffClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _staff.Dispose();
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Test]
    public async Task A_completed_partner_payment_arrives_signed_with_the_documented_body()
    {
        using var partner = _app.PartnerClient("partner-sign");
        var hook = _receiver.Add("sign");
        var endpoint = await partner.RegisterAsync(hook);
        var payment = WebhookTestKit.Completed("partner-sign", amountMinor: 1234);

        await _app.PublishAsync(payment);
        var received = (await hook.WaitForAsync(r => r.Count > 0)).Single();

        var delivery = (await _app.DeliveriesAsync("partner-sign")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(endpoint.Secret, Does.Match("^whsec_[A-Za-z0-9+/]{43}=$"), "whsec_ and 32 random bytes in base64");
            Assert.That(received.Verified, Is.True, "the receiver's own verification accepts the signature");
            Assert.That(received.AnsweredWith, Is.EqualTo(204));
            Assert.That(received.Id, Is.EqualTo("msg_" + delivery.Id.ToString("N")));
            Assert.That(received.SignatureHeader, Does.Match(@"^v1,[A-Za-z0-9+/]+=*$"), "one signature: no rotation");
            Assert.That(received.ContentType, Does.StartWith("application/json"));
            Assert.That(received.Body, Is.EqualTo(delivery.Payload), "the stored bytes are the sent bytes");
        });

        using var body = JsonDocument.Parse(received.Body);
        var root = body.RootElement;
        var data = root.GetProperty("data");
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("type").GetString(), Is.EqualTo("payment.completed"));
            Assert.That(root.GetProperty("timestamp").GetDateTimeOffset(), Is.EqualTo(payment.CompletedAt).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(root.GetProperty("timestamp").GetString(), Does.EndWith("Z"));
            Assert.That(data.GetProperty("paymentId").GetGuid(), Is.EqualTo(payment.PaymentId));
            Assert.That(data.GetProperty("endToEndId").GetString(), Is.EqualTo(payment.PartnerReference));
            Assert.That(data.GetProperty("paymentType").GetString(), Is.EqualTo("credit"));
            Assert.That(data.GetProperty("status").GetString(), Is.EqualTo("ACSC"));
            Assert.That(data.GetProperty("reasonCode").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(data.GetProperty("amount").GetString(), Is.EqualTo("12.34"));
            Assert.That(data.GetProperty("currency").GetString(), Is.EqualTo("CNY"));
        });

        var succeeded = await _staff.WaitForStatusAsync(received.Id, WebhookDelivery.Succeeded);
        Assert.Multiple(() =>
        {
            Assert.That(succeeded.Attempts, Is.EqualTo(1));
            Assert.That(succeeded.LastStatusCode, Is.EqualTo(204));
            Assert.That(succeeded.DeliveredAt, Is.Not.Null);
            Assert.That(succeeded.AttemptLog.Select(a => (a.Attempt, a.StatusCode)), Is.EqualTo(new[] { (1, (int?)204) }));
        });
    }

    [Test]
    public async Task A_failed_payment_reaches_only_endpoints_subscribed_to_failures()
    {
        using var partner = _app.PartnerClient("partner-failed");
        var failures = _receiver.Add("failed-only");
        var completions = _receiver.Add("completed-only");
        await partner.RegisterAsync(failures, WebhookEventTypes.PaymentFailed);
        await partner.RegisterAsync(completions, WebhookEventTypes.PaymentCompleted);
        var payment = WebhookTestKit.Failed("partner-failed", amountMinor: 500);

        await _app.PublishAsync(payment);
        var received = (await failures.WaitForAsync(r => r.Count > 0)).Single();
        await Task.Delay(500);

        using var body = JsonDocument.Parse(received.Body);
        var data = body.RootElement.GetProperty("data");
        Assert.Multiple(() =>
        {
            Assert.That(received.Verified, Is.True);
            Assert.That(body.RootElement.GetProperty("type").GetString(), Is.EqualTo("payment.failed"));
            Assert.That(data.GetProperty("paymentType").GetString(), Is.EqualTo("payout"));
            Assert.That(data.GetProperty("status").GetString(), Is.EqualTo("RJCT"));
            Assert.That(data.GetProperty("reasonCode").GetString(), Is.EqualTo("RR04"));
            Assert.That(data.GetProperty("amount").GetString(), Is.EqualTo("5.00"));
            Assert.That(completions.Received, Is.Empty);
        });
    }

    [Test]
    public async Task A_payout_the_partner_recalled_is_reported_as_cancelled_with_its_reason()
    {
        using var partner = _app.PartnerClient("partner-recall");
        var hook = _receiver.Add("recall");
        await partner.RegisterAsync(hook, WebhookEventTypes.PaymentFailed);

        await _app.PublishAsync(WebhookTestKit.Failed("partner-recall") with { Reason = "cancelled_by_payer", IsoReasonCode = "DUPL", IsoStatus = "CANC" });
        var received = (await hook.WaitForAsync(r => r.Count > 0)).Single();

        using var body = JsonDocument.Parse(received.Body);
        var data = body.RootElement.GetProperty("data");
        Assert.That((data.GetProperty("status").GetString(), data.GetProperty("reasonCode").GetString()), Is.EqualTo(("CANC", "DUPL")));
    }

    [Test]
    public async Task During_a_rotation_both_secrets_sign_and_the_old_one_expires_a_day_later()
    {
        using var partner = _app.PartnerClient("partner-rotate");
        var hook = _receiver.Add("rotate");
        var endpoint = await partner.RegisterAsync(hook);

        using var rotate = await partner.PostAsync($"/partner/v1/webhooks/endpoints/{endpoint.Id}/rotate-secret", null);
        Assert.That(rotate.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var rotated = (await rotate.Content.ReadFromJsonAsync<RotatedWebhookSecret>())!;
        hook.Secrets.Add(rotated.Secret);

        await _app.PublishAsync(WebhookTestKit.Completed("partner-rotate"));
        var received = (await hook.WaitForAsync(r => r.Count > 0)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(rotated.Secret, Does.StartWith("whsec_").And.Not.EqualTo(endpoint.Secret));
            Assert.That(rotated.PreviousSecretExpiresAt, Is.EqualTo(DateTimeOffset.UtcNow.AddHours(24)).Within(TimeSpan.FromMinutes(1)));
            Assert.That(received.SignatureHeader.Split(' '), Has.Length.EqualTo(2), "two signatures during the overlap");
            Assert.That(received.SecretsMatched, Is.EquivalentTo(new[] { 0, 1 }), "the old and the new secret each verify");
            Assert.That(received.AnsweredWith, Is.EqualTo(204));
        });
    }

    [Test]
    public async Task A_receiver_answering_500_is_retried_with_backoff_until_it_recovers()
    {
        using var partner = _app.PartnerClient("partner-retry");
        var hook = _receiver.Add("retry");
        await partner.RegisterAsync(hook);
        hook.FailNext(4);

        await _app.PublishAsync(WebhookTestKit.Completed("partner-retry"));
        var received = await hook.WaitForAsync(r => r.Any(x => x.AnsweredWith == 204));
        var detail = await _staff.WaitForStatusAsync(received[0].Id, WebhookDelivery.Succeeded);

        var log = detail.AttemptLog;
        Assert.Multiple(() =>
        {
            Assert.That(received.Select(r => r.AnsweredWith), Is.EqualTo(new[] { 500, 500, 500, 500, 204 }));
            Assert.That(received.Select(r => r.Id).Distinct().Count(), Is.EqualTo(1), "every retry carries the same webhook-id");
            Assert.That(received.All(r => r.Verified), Is.True, "every retry is signed afresh and verifies");
            Assert.That(log.Select(a => a.Attempt), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
            Assert.That(log.Select(a => a.StatusCode), Is.EqualTo(new int?[] { 500, 500, 500, 500, 204 }));
            Assert.That(log.Take(4).All(a => a.Error is { Length: > 0 }), Is.True, "failures say why");
            Assert.That(log[4].Error, Is.Null);
            Assert.That(log.All(a => a.DurationMs >= 0), Is.True);
            // Three requests in the first round, then the durable back-off (at least half of the configured base, with jitter).
            Assert.That(log[3].At - log[2].At, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(150)));
            Assert.That(detail.Attempts, Is.EqualTo(5));
            Assert.That(detail.Status, Is.EqualTo("succeeded"));
            Assert.That(detail.LastStatusCode, Is.EqualTo(204));
            Assert.That(detail.NextAttemptAt, Is.Null);
        });
    }

    [Test]
    public async Task A_receiver_that_does_not_answer_in_time_or_cannot_be_reached_is_retried()
    {
        using var partner = _app.PartnerClient("partner-slow");
        var slow = _receiver.Add("slow");
        await partner.RegisterAsync(slow);
        slow.HangNext(TimeSpan.FromSeconds(4));
        var unreachable = await partner.CreateEndpointAsync(new Uri("http://127.0.0.1:9/hooks/closed"));

        await _app.PublishAsync(WebhookTestKit.Completed("partner-slow"));
        var deliveries = await Eventually.WaitForAsync(() => _app.DeliveriesAsync("partner-slow"), d => d.Count == 2, WebhookTestKit.Patience);
        var slowId = deliveries.Single(d => d.EndpointId != unreachable.Id).WebhookId;
        var closedId = deliveries.Single(d => d.EndpointId == unreachable.Id).WebhookId;
        var timedOut = await _staff.WaitForStatusAsync(slowId, WebhookDelivery.Succeeded);
        var refused = await _staff.WaitForStatusAsync(closedId, WebhookDelivery.Dead);

        Assert.Multiple(() =>
        {
            Assert.That(timedOut.AttemptLog.Select(a => a.StatusCode), Is.EqualTo(new int?[] { null, 204 }));
            Assert.That(timedOut.AttemptLog[0].Error, Does.StartWith("No answer within 2 s"));
            Assert.That(timedOut.AttemptLog[0].DurationMs, Is.InRange(1900, 8000), "about Webhooks:AttemptTimeout (a null status shows it was cut off before the 4 s answer)");
            Assert.That(refused.AttemptLog, Has.Count.EqualTo(6));
            Assert.That(refused.AttemptLog.All(a => a.StatusCode is null && a.Error is { Length: > 0 }), Is.True, "network errors are logged attempts");
            Assert.That(refused.LastError, Is.Not.Null);
        });
    }

    [Test]
    public async Task The_same_bus_message_delivered_twice_yields_exactly_one_webhook()
    {
        using var partner = _app.PartnerClient("partner-dedupe");
        var hook = _receiver.Add("dedupe");
        await partner.RegisterAsync(hook);
        var transport = _app.Services.GetRequiredService<IMessageTransport>();
        var message = new OutgoingMessage(Guid.CreateVersion7(), typeof(Contracts.Payments.PaymentCompleted),
            WebhookTestKit.Completed("partner-dedupe"), CorrelationId: null);

        await transport.PublishUntilAsync(message, () => _app.DeliveriesAsync("partner-dedupe"), d => d.Count > 0, WebhookTestKit.Patience);
        await transport.PublishAsync(message, CancellationToken.None);
        await transport.PublishAsync(message, CancellationToken.None);
        await hook.WaitForAsync(r => r.Count > 0);
        await Task.Delay(TimeSpan.FromSeconds(2));

        var deliveries = await _app.DeliveriesAsync("partner-dedupe");
        Assert.Multiple(() =>
        {
            Assert.That(deliveries, Has.Count.EqualTo(1));
            Assert.That(deliveries[0].SourceEventId, Is.EqualTo(message.MessageId));
            Assert.That(hook.Received, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_replay_sends_the_same_webhook_id_and_body_again()
    {
        using var partner = _app.PartnerClient("partner-replay");
        var hook = _receiver.Add("replay");
        await partner.RegisterAsync(hook);
        await _app.PublishAsync(WebhookTestKit.Completed("partner-replay"));
        var first = (await hook.WaitForAsync(r => r.Count > 0)).Single();
        await _staff.WaitForStatusAsync(first.Id, WebhookDelivery.Succeeded);

        using var replay = await partner.PostAsync($"/partner/v1/webhooks/deliveries/{first.Id}/replay", null);
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var both = await hook.WaitForAsync(r => r.Count > 1);
        var detail = await _staff.WaitForStatusAsync(first.Id, WebhookDelivery.Succeeded);

        Assert.Multiple(() =>
        {
            Assert.That(both, Has.Count.EqualTo(2));
            Assert.That(both[1].Id, Is.EqualTo(first.Id));
            Assert.That(both[1].Body, Is.EqualTo(first.Body));
            Assert.That(both[1].Verified, Is.True);
            Assert.That(detail.AttemptLog.Select(a => a.Attempt), Is.EqualTo(new[] { 1, 2 }), "the replay is logged after the first attempt");
        });
    }

    [Test]
    public async Task After_max_attempts_a_delivery_is_dead_listed_as_such_and_a_staff_replay_revives_it()
    {
        using var partner = _app.PartnerClient("partner-dead");
        var hook = _receiver.Add("dead");
        await partner.RegisterAsync(hook);
        hook.FailAlways();

        await _app.PublishAsync(WebhookTestKit.Completed("partner-dead"));
        var first = (await hook.WaitForAsync(r => r.Count > 0))[0];
        var dead = await _staff.WaitForStatusAsync(first.Id, WebhookDelivery.Dead);
        await Task.Delay(500);

        var staffDeadLetters = await _staff.GetFromJsonAsync<WebhookDeliveryPage>(
            "/api/notifications/admin/webhooks/deliveries?status=dead&clientId=partner-dead");
        var partnerDeadLetters = await partner.GetFromJsonAsync<WebhookDeliveryPage>("/partner/v1/webhooks/deliveries?status=dead");
        var partnerSucceeded = await partner.GetFromJsonAsync<WebhookDeliveryPage>("/partner/v1/webhooks/deliveries?status=succeeded");
        Assert.Multiple(() =>
        {
            Assert.That(dead.Attempts, Is.EqualTo(6), "Webhooks:MaxAttempts");
            Assert.That(dead.AttemptLog, Has.Count.EqualTo(6));
            Assert.That(dead.AttemptLog.All(a => a.StatusCode == 500), Is.True);
            Assert.That(dead.NextAttemptAt, Is.Null);
            Assert.That(dead.LastStatusCode, Is.EqualTo(500));
            Assert.That(hook.Received, Has.Count.EqualTo(6), "nothing is sent after the last attempt");
            Assert.That(staffDeadLetters!.Items.Select(i => i.Id), Is.EqualTo(new[] { first.Id }));
            Assert.That(staffDeadLetters.Total, Is.EqualTo(1));
            Assert.That(partnerDeadLetters!.Items.Select(i => i.Id), Is.EqualTo(new[] { first.Id }));
            Assert.That(partnerSucceeded!.Items, Is.Empty);
        });

        hook.Recover();
        using var replay = await _staff.PostAsync($"/api/notifications/admin/webhooks/deliveries/{first.Id}/replay", null);
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var revived = await _staff.WaitForStatusAsync(first.Id, WebhookDelivery.Succeeded);
        Assert.Multiple(() =>
        {
            Assert.That(revived.Attempts, Is.EqualTo(7));
            Assert.That(revived.AttemptLog[^1].StatusCode, Is.EqualTo(204));
            Assert.That(hook.Received[^1].Id, Is.EqualTo(first.Id));
        });

        await using var connection = _app.Database.OpenAdminConnection();
        await using var audit = connection.CreateCommand();
        audit.CommandText = "SELECT count(*) FROM notifications.audit_log WHERE action = 'webhook_delivery.replay' AND entity_id = @id AND actor_id = 'staff-1'";
        audit.Parameters.AddWithValue("id", first.Id);
        Assert.That(await audit.ExecuteScalarAsync(), Is.EqualTo(1L), "a staff replay is audited");
    }

    [Test]
    public async Task Another_partner_cannot_see_replay_rotate_enable_or_delete_an_endpoint_or_delivery()
    {
        using var owner = _app.PartnerClient("partner-owner");
        using var other = _app.PartnerClient("partner-other");
        var hook = _receiver.Add("owned");
        var endpoint = await owner.RegisterAsync(hook);
        await _app.PublishAsync(WebhookTestKit.Completed("partner-owner"));
        var delivery = (await hook.WaitForAsync(r => r.Count > 0))[0];
        await _staff.WaitForStatusAsync(delivery.Id, WebhookDelivery.Succeeded);

        var othersEndpoints = await other.GetFromJsonAsync<WebhookEndpointList>("/partner/v1/webhooks/endpoints");
        var othersDeliveries = await other.GetFromJsonAsync<WebhookDeliveryPage>("/partner/v1/webhooks/deliveries");
        using var replay = await other.PostAsync($"/partner/v1/webhooks/deliveries/{delivery.Id}/replay", null);
        using var rotate = await other.PostAsync($"/partner/v1/webhooks/endpoints/{endpoint.Id}/rotate-secret", null);
        using var enable = await other.PostAsync($"/partner/v1/webhooks/endpoints/{endpoint.Id}/enable", null);
        using var delete = await other.DeleteAsync($"/partner/v1/webhooks/endpoints/{endpoint.Id}");

        Assert.Multiple(() =>
        {
            Assert.That(othersEndpoints!.Items, Is.Empty);
            Assert.That(othersDeliveries!.Items, Is.Empty);
            Assert.That(othersDeliveries.Total, Is.Zero);
            Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(rotate.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(enable.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });

        var ownersEndpoints = await owner.GetFromJsonAsync<WebhookEndpointList>("/partner/v1/webhooks/endpoints");
        var ownersDeliveries = await owner.GetFromJsonAsync<WebhookDeliveryPage>("/partner/v1/webhooks/deliveries");
        await Task.Delay(300);
        Assert.Multiple(() =>
        {
            Assert.That(ownersEndpoints!.Items.Select(e => e.Id), Is.EqualTo(new[] { endpoint.Id }), "still there");
            Assert.That(ownersDeliveries!.Items.Select(d => d.Id), Is.EqualTo(new[] { delivery.Id }));
            Assert.That(hook.Received, Has.Count.EqualTo(1), "the other partner's replay sent nothing");
        });

        // The owner can: delete, after which the endpoint is gone from its list and receives nothing more.
        using var ownerDelete = await owner.DeleteAsync($"/partner/v1/webhooks/endpoints/{endpoint.Id}");
        using var again = await owner.DeleteAsync($"/partner/v1/webhooks/endpoints/{endpoint.Id}");
        await _app.PublishAsync(WebhookTestKit.Completed("partner-owner"));
        await Task.Delay(1500);
        var afterDelete = await owner.GetFromJsonAsync<WebhookEndpointList>("/partner/v1/webhooks/endpoints");
        Assert.Multiple(() =>
        {
            Assert.That(ownerDelete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(afterDelete!.Items, Is.Empty);
            Assert.That(hook.Received, Has.Count.EqualTo(1));
        });
    }
}
