using Jade.Messaging;
using Jade.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.BuildingBlocks.Tests;

/// <summary>
/// The relay is woken by the commit that made outgoing messages visible, not by the next poll: with polling set to a
/// minute, a message must still leave within seconds, whether its unit of work had an explicit transaction (as every
/// inbox handler does) or not.
/// </summary>
public sealed class OutboxWakeUpTests
{
    private PingService _service = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _service = await PingService.StartAsync(pollInterval: TimeSpan.FromMinutes(1));
        // Let the relay finish its first look and go to sleep on the signal.
        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    [TearDown]
    public async Task StopAsync() => await _service.DisposeAsync();

    private Task<int> SentAsync(string text) =>
        Eventually.WaitForAsync(() => _service.CountAsync<PingEffect>(q => q.Where(e => e.Text == text)), n => n > 0, TimeSpan.FromSeconds(5));

    [Test]
    public async Task A_message_committed_in_an_explicit_transaction_wakes_the_relay()
    {
        await using (var scope = _service.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PingDb>();
            await using var tx = await db.Database.BeginTransactionAsync();
            scope.ServiceProvider.GetRequiredService<IOutbox>().Add(new Ping("in a transaction"));
            await db.SaveChangesAsync();
            // Between the save and the commit the row is invisible to the relay; waking it at the save would find nothing.
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            await tx.CommitAsync();
        }

        Assert.That(await SentAsync("in a transaction"), Is.EqualTo(1), "relayed well before the one-minute poll");
    }

    [Test]
    public async Task A_message_saved_without_a_transaction_wakes_the_relay()
    {
        await _service.PublishAsync(new Ping("on its own"));

        Assert.That(await SentAsync("on its own"), Is.EqualTo(1), "relayed well before the one-minute poll");
    }

    [Test]
    public async Task Rows_written_with_sql_wake_the_relay_once_their_transaction_commits()
    {
        await using (var scope = _service.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PingDb>();
            var row = OutboxMessage.For(new Ping("written with sql"), DateTimeOffset.UtcNow);
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO pings.outbox_messages (id, type, payload, created_at, attempts) VALUES ({row.Id}, {row.Type}, CAST({row.Payload} AS jsonb), {row.CreatedAt}, 0)");
            scope.ServiceProvider.GetRequiredService<IOutbox>().AddedDirectly();
            await tx.CommitAsync();
        }

        Assert.That(await SentAsync("written with sql"), Is.EqualTo(1), "relayed well before the one-minute poll");
    }
}
