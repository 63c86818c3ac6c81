using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Contracts.Identity;
using Jade.Contracts.Payments;
using Jade.Messaging;
using Jade.Notifications.Deliveries;
using Jade.Notifications.Inbox;
using Jade.Testing;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Jade.Notifications.Tests.Channels;

public sealed class DeliveryTests : ChannelFixture
{
    private static PaymentCompleted Transfer(Guid payer, Guid payee, long amountMinor = 12_345) => new(
        Guid.CreateVersion7(), "p2p", payer, payee, amountMinor, "CNY", "a***e@example.com", "b***b@example.com", null, null, DateTimeOffset.UtcNow);

    [Test]
    public async Task A_transfer_tells_both_sides_in_the_inbox_and_by_email_each_in_their_own_language()
    {
        var (payer, payerEmail) = await RegisterAsync("en");
        var (payee, payeeEmail) = await RegisterAsync("zh-CN");

        var transfer = Transfer(payer, payee);
        await PublishAsync(transfer);

        var toPayee = (await Smtp.WaitForAsync(payeeEmail, m => m.Subject != "欢迎加入 Jade")).Single();
        var toPayer = (await Smtp.WaitForAsync(payerEmail, m => m.Subject != "Welcome to Jade")).Single();
        using var payeeClient = App.ClientFor(payee);
        var inbox = await Eventually.WaitForAsync(
            async () => (await payeeClient.GetFromJsonAsync<NotificationPage>("/api/notifications"))!, p => p.Total >= 2, TimeSpan.FromSeconds(20));

        Assert.Multiple(() =>
        {
            Assert.That(toPayee.Subject, Is.EqualTo("收到转账"));
            Assert.That(toPayee.TextBody, Does.Contain("¥123.45").And.Contain("a***e@example.com"));
            Assert.That(toPayee.HtmlBody, Does.Contain("lang=\"zh-CN\""));
            Assert.That(toPayer.Subject, Is.EqualTo("Transfer sent"));
            Assert.That(toPayer.TextBody, Does.Contain("Your transfer of ¥123.45 to b***b@example.com is complete."));
            var received = inbox.Items.Single(n => n.Kind == "transfer_received");
            Assert.That(received.Category, Is.EqualTo("payments"));
            Assert.That(received.Title["en"], Is.EqualTo("Money received"));
            Assert.That(received.Link, Is.EqualTo($"/payments/{transfer.PaymentId:D}"));
        });
    }

    [Test]
    public async Task An_event_delivered_twice_gives_one_message_per_channel()
    {
        var (payer, payerEmail) = await RegisterAsync("en");
        var (payee, _) = await RegisterAsync("en");
        var transport = App.Services.GetRequiredService<IMessageTransport>();
        var message = new OutgoingMessage(Guid.CreateVersion7(), typeof(PaymentCompleted), Transfer(payer, payee), null);

        await transport.PublishUntilAsync(message, () => CountAsync($"SELECT count(*) FROM notifications.deliveries WHERE user_id = '{payer}' AND status = 'sent'"),
            n => n > 0, TimeSpan.FromSeconds(30));
        await transport.PublishAsync(message, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Multiple(async () =>
        {
            Assert.That(await CountAsync($"SELECT count(*) FROM notifications.notifications WHERE user_id = '{payer}' AND kind = 'transfer_sent'"), Is.EqualTo(1));
            Assert.That(await CountAsync($"SELECT count(*) FROM notifications.deliveries WHERE user_id = '{payer}' AND kind = 'transfer_sent'"), Is.EqualTo(1));
            Assert.That(await Smtp.WaitForAsync(payerEmail, m => m.Subject == "Transfer sent"), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_sign_in_from_a_new_device_reaches_every_channel_even_when_the_customer_chose_none()
    {
        var (customer, email) = await RegisterAsync("en", phone: "+8613800138000");
        using var client = App.ClientFor(customer);
        // Everything the customer may switch off is off; security is not theirs to switch off.
        var put = await client.PutAsJsonAsync("/api/notifications/preferences", new
        {
            categories = new[]
            {
                new { category = "account", channels = new { inApp = false, email = false, sms = false } },
                new { category = "payments", channels = new { inApp = false, email = false, sms = false } },
            },
        });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await PublishAsync(new LoginFromNewDevice(customer, Guid.CreateVersion7(), "Firefox on Linux", "203.0.113.x", DateTimeOffset.UtcNow));

        var alert = (await Smtp.WaitForAsync(email, m => m.Subject == "New sign-in to your account")).Single();
        var sms = await Eventually.WaitForAsync(
            () => Task.FromResult(SmsProvider.LogEntries.Where(e => e.RequestMessage.Body?.Contains("8613800138000") == true).ToList()),
            l => l.Count > 0, TimeSpan.FromSeconds(20));
        var request = sms.Single().RequestMessage;
        Assert.Multiple(async () =>
        {
            Assert.That(alert.TextBody, Does.Contain("Firefox on Linux").And.Contain("203.0.113.x"));
            Assert.That(request.Headers!["Authorization"].Single(), Is.EqualTo("Bearer test-sms-key"));
            Assert.That(request.Headers!["Idempotency-Key"].Single(), Is.Not.Empty);
            Assert.That(JsonDocument.Parse(request.Body!).RootElement.GetProperty("text").GetString(), Does.StartWith("[Jade] Your account was signed in to"));
            Assert.That(await CountAsync($"SELECT count(*) FROM notifications.notifications WHERE user_id = '{customer}' AND kind = 'login_new_device'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_locked_account_is_told_in_its_language_with_when_it_opens_again()
    {
        var (customer, email) = await RegisterAsync("zh-CN");
        var lockedAt = new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

        await PublishAsync(new AccountLocked(customer, "sign_in", "Chrome on Android", "198.51.100.x", lockedAt, lockedAt.AddMinutes(15)));

        var alert = (await Smtp.WaitForAsync(email, m => m.Subject == "账户已被暂时锁定")).Single();
        Assert.Multiple(async () =>
        {
            Assert.That(alert.TextBody, Does.Contain("Chrome on Android").And.Contain("198.51.100.x").And.Contain("2026-11-28 06:15（UTC）后可再次登录"));
            Assert.That(await CountAsync($"SELECT count(*) FROM notifications.notifications WHERE user_id = '{customer}' AND kind = 'account_locked' AND category = 'security'"),
                Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Email_switched_off_for_payments_leaves_only_the_inbox_message()
    {
        var (payer, _) = await RegisterAsync("en");
        var (payee, _) = await RegisterAsync("en");
        using var client = App.ClientFor(payee);
        await client.PutAsJsonAsync("/api/notifications/preferences", new
        {
            categories = new[] { new { category = "payments", channels = new { inApp = true, email = false, sms = false } } },
        });

        await PublishAsync(Transfer(payer, payee));
        await ExpectCountAsync($"SELECT count(*) FROM notifications.notifications WHERE user_id = '{payee}' AND kind = 'transfer_received'", 1);

        Assert.That(await CountAsync($"SELECT count(*) FROM notifications.deliveries WHERE user_id = '{payee}' AND kind = 'transfer_received'"), Is.Zero);
    }

    [Test]
    public async Task An_sms_the_provider_refuses_is_failed_for_staff_and_a_replay_sends_it_again()
    {
        var (customer, _) = await RegisterAsync("zh-CN", phone: "+8613900139000");
        var refuse = Guid.NewGuid();
        SmsProvider.Given(Request.Create().WithPath("/v1/messages").UsingPost().WithBody(b => b?.Contains("8613900139000") == true))
            .WithGuid(refuse).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(400).WithBody("invalid sender"));

        await PublishAsync(new LoginFromNewDevice(customer, Guid.CreateVersion7(), "Safari on iOS", "198.51.100.x", DateTimeOffset.UtcNow));
        await ExpectCountAsync($"SELECT count(*) FROM notifications.deliveries WHERE user_id = '{customer}' AND channel = 'sms' AND status = 'failed'", 1);

        using var staff = App.StaffClient();
        var failed = await staff.GetFromJsonAsync<DeliveryPage>("/api/notifications/admin/deliveries?channel=sms&status=failed&pageSize=100");
        var delivery = failed!.Items.Single(d => d.UserId == customer);
        Assert.Multiple(() =>
        {
            Assert.That(delivery.Attempts, Is.EqualTo(1), "a refusal is not retried");
            Assert.That(delivery.LastError, Does.Contain("400").And.Contain("invalid sender"));
            Assert.That(delivery.Recipient, Is.EqualTo("+861****9000"));
            Assert.That(delivery.Body, Does.StartWith("【Jade】"));
        });

        SmsProvider.DeleteMapping(refuse);
        var replay = await staff.PostAsync($"/api/notifications/admin/deliveries/{delivery.Id}/replay", null);
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await ExpectCountAsync($"SELECT count(*) FROM notifications.deliveries WHERE id = '{delivery.Id}' AND status = 'sent' AND attempts = 2", 1);
        var resent = SmsProvider.LogEntries.Last(e => e.RequestMessage.Body?.Contains("8613900139000") == true).RequestMessage;
        Assert.Multiple(async () =>
        {
            Assert.That(resent.Headers!["Idempotency-Key"].Single(), Is.EqualTo($"{delivery.Id:N}-1"), "a replay is a new send for the provider");
            Assert.That(await CountAsync($"SELECT count(*) FROM notifications.audit_log WHERE action = 'delivery.replay' AND entity_id = '{delivery.Id:D}' AND actor_id = 'staff-1'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_provider_outage_is_retried_with_backoff_until_it_recovers()
    {
        var (customer, _) = await RegisterAsync("en", phone: "+8613700137000");
        var outage = Guid.NewGuid();
        // The whole provider is down (the tests of this fixture run one at a time).
        SmsProvider.Given(Request.Create().WithPath("/v1/messages").UsingPost())
            .WithGuid(outage).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("maintenance"));

        await PublishAsync(new LoginFromNewDevice(customer, Guid.CreateVersion7(), "Edge on Windows", "192.0.2.x", DateTimeOffset.UtcNow));
        // The first try (three calls with Polly's quick retries) fails and the delivery waits for its next turn.
        await ExpectCountAsync($"SELECT count(*) FROM notifications.deliveries WHERE user_id = '{customer}' AND channel = 'sms' AND attempts >= 1 AND status = 'pending'", 1);
        SmsProvider.DeleteMapping(outage);

        await ExpectCountAsync($"SELECT count(*) FROM notifications.deliveries WHERE user_id = '{customer}' AND channel = 'sms' AND status = 'sent'", 1);
        // The failed try is on record as a try; the send that worked came from the durable schedule, not a new delivery.
        Assert.That(await CountAsync($"SELECT count(*) FROM notifications.deliveries WHERE user_id = '{customer}' AND channel = 'sms' AND attempts >= 2 AND last_error IS NULL"),
            Is.EqualTo(1));
    }

    [Test]
    public async Task Only_staff_see_deliveries_and_bad_filters_are_refused()
    {
        var (customer, _) = await RegisterAsync("en");
        using var client = App.ClientFor(customer);
        using var staff = App.StaffClient();

        Assert.Multiple(async () =>
        {
            Assert.That((await client.GetAsync("/api/notifications/admin/deliveries")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await client.PostAsync($"/api/notifications/admin/deliveries/{Guid.CreateVersion7()}/replay", null)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await staff.GetAsync("/api/notifications/admin/deliveries?channel=fax")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await staff.GetAsync("/api/notifications/admin/deliveries?pageSize=0")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await staff.PostAsync($"/api/notifications/admin/deliveries/{Guid.CreateVersion7()}/replay", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }
}
