using Jade.Messaging;
using Jade.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Notifications.Tests;

/// <summary>Publishing events as a producer would and knowing when the service has consumed them.</summary>
internal static class Bus
{
    /// <summary>Publishes through the service's own outbox (as <see cref="Channels.ChannelFixture"/> does); returns the message id.</summary>
    public static async Task<Guid> PublishAsync<T>(this NotificationsApp app, T message) where T : class
    {
        await using var scope = app.Services.CreateAsyncScope();
        var id = scope.ServiceProvider.GetRequiredService<IOutbox>().Add(message);
        await scope.ServiceProvider.GetRequiredService<NotificationsDb>().SaveChangesAsync();
        return id;
    }

    /// <summary>
    /// Waits until <paramref name="consumer"/> (the handler's class name) has committed its work for the message, so an
    /// absence asserted afterwards means "did nothing", not "not yet".
    /// </summary>
    public static async Task WaitUntilConsumedAsync(this NotificationsApp app, Guid messageId, string consumer)
    {
        var sql = $"SELECT count(*) FROM notifications.inbox_messages WHERE message_id = '{messageId}' AND consumer = '{consumer}'";
        var consumed = await Eventually.WaitForAsync(() => app.ScalarAsync(sql), n => n == 1, TimeSpan.FromSeconds(30));
        Assert.That(consumed, Is.EqualTo(1), $"{consumer} did not consume message {messageId} in time");
    }

    /// <summary>How many inbox messages of <paramref name="kind"/> (any kind when null) the customer has.</summary>
    public static Task<long> InboxCountAsync(this NotificationsApp app, Guid userId, string? kind = null) =>
        app.ScalarAsync($"SELECT count(*) FROM notifications.notifications WHERE user_id = '{userId}'" + (kind is null ? "" : $" AND kind = '{kind}'"));
}
