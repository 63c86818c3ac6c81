using System.Net.Http.Json;
using Jade.Contracts.Identity;
using Jade.Messaging;
using Jade.Notifications.Inbox;
using Jade.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Notifications.Tests;

public sealed class WelcomeMessageTests
{
    private NotificationsApp _app = null!;

    [SetUp]
    public async Task StartAsync() => _app = await NotificationsApp.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _app.DisposeAsync();

    [Test]
    public async Task A_registration_event_becomes_one_bilingual_welcome_message()
    {
        var userId = Guid.CreateVersion7();
        await PublishThroughOutboxAsync(new UserRegistered(userId, "li.na@example.com", "zh-CN", DateTimeOffset.UtcNow));

        var page = await WaitForInboxAsync(userId, expected: 1);

        Assert.That(page.Items, Has.Count.EqualTo(1));
        var welcome = page.Items[0];
        Assert.Multiple(() =>
        {
            Assert.That(welcome.Category, Is.EqualTo("account"));
            Assert.That(welcome.Kind, Is.EqualTo("welcome"));
            Assert.That(welcome.Title["zh-CN"], Is.EqualTo("欢迎加入 Jade"));
            Assert.That(welcome.Title["en"], Is.EqualTo("Welcome to Jade"));
            Assert.That(page.Unread, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_same_message_delivered_twice_produces_one_notification()
    {
        var userId = Guid.CreateVersion7();
        var transport = _app.Services.GetRequiredService<IMessageTransport>();
        var message = new OutgoingMessage(Guid.CreateVersion7(), typeof(UserRegistered),
            new UserRegistered(userId, "twice@example.com", "en", DateTimeOffset.UtcNow), CorrelationId: null);

        await transport.PublishUntilAsync(message, () => CountAsync(_app, userId), n => n > 0, TimeSpan.FromSeconds(45));
        await transport.PublishAsync(message, CancellationToken.None);
        // Give the last delivery time to be consumed before counting.
        await Task.Delay(TimeSpan.FromSeconds(2));

        await using var connection = _app.Database.OpenAdminConnection();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM notifications.notifications WHERE user_id = @u";
        count.Parameters.AddWithValue("u", userId);
        await using var processed = connection.CreateCommand();
        processed.CommandText = "SELECT count(*) FROM notifications.inbox_messages WHERE message_id = @m";
        processed.Parameters.AddWithValue("m", message.MessageId);
        Assert.Multiple(async () =>
        {
            Assert.That(await count.ExecuteScalarAsync(), Is.EqualTo(1L));
            Assert.That(await processed.ExecuteScalarAsync(), Is.EqualTo(1L));
        });
    }

    private async Task PublishThroughOutboxAsync(UserRegistered message)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        scope.ServiceProvider.GetRequiredService<IOutbox>().Add(message);
        await db.SaveChangesAsync();
    }

    private async Task<NotificationPage> WaitForInboxAsync(Guid userId, int expected)
    {
        using var client = _app.ClientFor(userId);
        return await Eventually.WaitForAsync(
            async () => (await client.GetFromJsonAsync<NotificationPage>("/api/notifications"))!,
            p => p.Total >= expected,
            TimeSpan.FromSeconds(30));
    }

    internal static async Task<int> CountAsync(NotificationsApp app, Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationsDb>().Notifications.CountAsync(n => n.UserId == userId);
    }
}
