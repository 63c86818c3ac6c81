using Jade.Contracts.Identity;
using Jade.Messaging;
using Jade.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Notifications.Tests;

/// <summary>Takes the real broker down, so it must not run beside other broker tests: its category runs alone.</summary>
[NonParallelizable]
[Category(LocalBroker.OutageCategory)]
public sealed class BrokerOutageTests
{
    [Test]
    public async Task Messages_written_while_the_broker_is_down_are_delivered_once_it_returns()
    {
        await using var app = await NotificationsApp.StartAsync();
        var userId = Guid.CreateVersion7();

        await LocalBroker.ControlAsync("stop_app");
        try
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                scope.ServiceProvider.GetRequiredService<IOutbox>().Add(new UserRegistered(userId, "outage@example.com", "en", DateTimeOffset.UtcNow));
                await scope.ServiceProvider.GetRequiredService<NotificationsDb>().SaveChangesAsync();
            }

            var stuck = await Eventually.WaitForAsync(() => OutboxRowAsync(app), row => row.Attempts > 0, TimeSpan.FromSeconds(40));
            Assert.Multiple(() =>
            {
                Assert.That(stuck.SentAt, Is.Null, "nothing can be sent while the broker is down");
                Assert.That(stuck.Attempts, Is.GreaterThan(0), "the relay kept trying");
            });
        }
        finally
        {
            await LocalBroker.ControlAsync("start_app");
        }

        var delivered = await Eventually.WaitForAsync(() => WelcomeMessageTests.CountAsync(app, userId), n => n > 0, TimeSpan.FromSeconds(90));
        Assert.That(delivered, Is.EqualTo(1));
        Assert.That((await OutboxRowAsync(app)).SentAt, Is.Not.Null);
    }

    private static async Task<OutboxMessage> OutboxRowAsync(NotificationsApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationsDb>().Set<OutboxMessage>().AsNoTracking().SingleAsync();
    }
}
