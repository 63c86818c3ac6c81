using Jade.Contracts.Identity;
using Jade.Messaging;
using Jade.Testing;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Jade.Notifications.Tests.Channels;

/// <summary>
/// Notifications with a real SMTP server (aiosmtpd) and the SMS provider scripted in WireMock.Net. Tests share the
/// service but each registers its own customers, so they never see each other's messages.
/// </summary>
public abstract class ChannelFixture
{
    protected NotificationsApp App { get; private set; } = null!;
    protected SmtpSink Smtp { get; private set; } = null!;
    protected WireMockServer SmsProvider { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        SmsProvider = WireMockServer.Start();
        // Tests script a failure for one number at a higher priority (a lower number) than this catch-all.
        SmsProvider.Given(Request.Create().WithPath("/v1/messages").UsingPost()).AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(201).WithBodyAsJson(new { id = "sms_1", status = "queued" }));
        App = await NotificationsApp.StartAsync(new Dictionary<string, string>
        {
            ["Notifications:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Sms:BaseUrl"] = SmsProvider.Url! + "/",
            ["Notifications:Sms:ApiKey"] = "test-sms-key",
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await App.DisposeAsync();
        SmsProvider.Stop();
        SmsProvider.Dispose();
        await Smtp.DisposeAsync();
    }

    /// <summary>Registers a customer as identity announces one and waits until notifications knows them.</summary>
    protected async Task<(Guid Id, string Email)> RegisterAsync(string language, string? phone = null)
    {
        var id = Guid.CreateVersion7();
        var email = $"{id:N}@example.com";
        await PublishAsync(new UserRegistered(id, email, language, DateTimeOffset.UtcNow, phone));
        await ExpectCountAsync($"SELECT count(*) FROM notifications.customers WHERE id = '{id}'", 1);
        return (id, email);
    }

    /// <summary>Publishes through the service's own outbox, as a producer would; returns the message id.</summary>
    protected async Task<Guid> PublishAsync<T>(T message) where T : class
    {
        await using var scope = App.Services.CreateAsyncScope();
        var id = scope.ServiceProvider.GetRequiredService<IOutbox>().Add(message);
        await scope.ServiceProvider.GetRequiredService<NotificationsDb>().SaveChangesAsync();
        return id;
    }

    protected Task<long> CountAsync(string sql) => App.ScalarAsync(sql);

    /// <summary>Waits up to 20 s for <paramref name="sql"/> to count <paramref name="expected"/>, and fails the test if it never does.</summary>
    protected async Task ExpectCountAsync(string sql, long expected)
    {
        var counted = await Eventually.WaitForAsync(() => CountAsync(sql), n => n == expected, TimeSpan.FromSeconds(20));
        if (counted == expected) return;
        await using var connection = App.Database.OpenAdminConnection();
        await using var deliveries = connection.CreateCommand();
        deliveries.CommandText = "SELECT string_agg(channel || ' ' || kind || ' ' || status || ' tries=' || attempts || ' ' || coalesce(last_error, '') || ' created ' || to_char(created_at, 'HH24:MI:SS.MS') || ' next ' || to_char(next_attempt_at, 'HH24:MI:SS.MS') || ' now ' || to_char(now(), 'HH24:MI:SS.MS'), E'\n') FROM notifications.deliveries";
        var deliveryRows = await deliveries.ExecuteScalarAsync();
        // Where a message stopped: not yet published (outbox), or published but not yet handled (inbox).
        deliveries.CommandText = """
            SELECT (SELECT string_agg(type || ' attempts=' || attempts || ' sent ' || coalesce(to_char(sent_at, 'HH24:MI:SS.MS'), '-') || ' ' || coalesce(last_error, ''), E'\n') FROM notifications.outbox_messages)
                || E'\ninbox: ' || (SELECT count(*) FROM notifications.inbox_messages)
            """;
        Assert.Fail($"{sql}\ncounted {counted}, expected {expected}; deliveries:\n{deliveryRows}\noutbox:\n{await deliveries.ExecuteScalarAsync()}\n{await App.VirtualHost.DescribeAsync()}");
    }
}
