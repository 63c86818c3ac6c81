using System.Collections.Concurrent;
using Jade.Messaging;
using Jade.Persistence;
using Jade.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jade.BuildingBlocks.Tests;

/// <summary>
/// The relay, alone or as two replicas, on one outbox table. The broker is replaced by a transport that records what was
/// published, so the test decides when a publish returns or fails; the outbox, its locks and the relays are real.
/// </summary>
public sealed class OutboxRelayReplicaTests
{
    [Test]
    public async Task A_correlations_later_row_never_overtakes_an_earlier_one_held_by_another_replica()
    {
        await using var database = await TestDatabase.CreateAsync("pings");
        var published = new ConcurrentQueue<string>();
        var firstReplica = new HeldTransport(published);

        // Replica one claims one row a round and is stuck publishing it (a slow broker confirmation).
        using var one = await StartReplicaAsync(database, firstReplica, batchSize: 1, createSchema: true);
        await AddAsync(one, Row("first", "conversation-1"), Row("second", "conversation-1"));
        await firstReplica.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Replica two is free to publish: without taking turns it would claim and send "second" now.
        using var two = await StartReplicaAsync(database, new HeldTransport(published, open: true), batchSize: 500, createSchema: false);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var whileHeld = published.ToArray();

        firstReplica.Release();
        await Eventually.WaitForAsync(() => Task.FromResult(published.Count), n => n >= 2, TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(whileHeld, Is.Empty, "nothing overtakes the row being published");
            Assert.That(published, Is.EqualTo(new[] { "first", "second" }));
        });
        await one.StopAsync();
        await two.StopAsync();
    }

    [Test]
    public async Task A_row_that_cannot_be_sent_holds_up_no_other_row()
    {
        await using var database = await TestDatabase.CreateAsync("pings");
        var published = new ConcurrentQueue<string>();
        using var relay = await StartReplicaAsync(database, new HeldTransport(published, open: true), batchSize: 500, createSchema: true);

        // Written by a release that added a contract type, then rolled back: this binary cannot resolve the type.
        var now = DateTimeOffset.UtcNow;
        var unknown = new OutboxMessage { Id = OutboxIds.Shared.Next(now), Type = "Nope.Type, Nope", Payload = "{}", CreatedAt = now };
        await AddAsync(relay, unknown);
        await AddAsync(relay, [
            .. Enumerable.Range(0, 600).Select(i => Row($"loose-{i}")),
            .. Enumerable.Range(0, 10).Select(i => Row($"conversation-{i}", "conversation"))]);
        var delivered = await Eventually.WaitForAsync(() => Task.FromResult(published.Count), n => n >= 610, TimeSpan.FromSeconds(5));

        // Meanwhile the unknown row keeps failing; that must not leave the relay asleep in a backoff when work arrives.
        await Task.Delay(TimeSpan.FromSeconds(5));
        await AddAsync(relay, Row("afterwards"));
        var afterwards = await Eventually.WaitForAsync(() => Task.FromResult(published.Contains("afterwards")), sent => sent, TimeSpan.FromSeconds(2));

        var stuck = await FindAsync(relay, unknown.Id);
        Assert.Multiple(() =>
        {
            Assert.That(delivered, Is.EqualTo(610));
            Assert.That(published.Where(t => t.StartsWith("conversation-")), Is.EqualTo(Enumerable.Range(0, 10).Select(i => $"conversation-{i}")));
            Assert.That(afterwards, Is.True, "a message written later goes out promptly");
            Assert.That(stuck.SentAt, Is.Null, "the unknown row waits, visible to the stuck-outbox alert");
            Assert.That(stuck.LastError, Does.Contain("Unknown message type"));
        });
        await relay.StopAsync();
    }

    [Test]
    public async Task A_failing_row_holds_back_only_the_later_rows_of_its_own_correlation()
    {
        await using var database = await TestDatabase.CreateAsync("pings");
        var published = new ConcurrentQueue<string>();
        var repaired = new TaskCompletionSource();
        var transport = new HeldTransport(published, open: true, refuses: text => text == "x-0" && !repaired.Task.IsCompleted);
        using var relay = await StartReplicaAsync(database, transport, batchSize: 500, createSchema: true);

        await AddAsync(relay, Row("x-0", "X"), Row("y-0", "Y"), Row("x-1", "X"), Row("y-1", "Y"), Row("x-2", "X"), Row("y-2", "Y"));
        await Eventually.WaitForAsync(() => Task.FromResult(published.Count(t => t.StartsWith("y-"))), n => n >= 3, TimeSpan.FromSeconds(5));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var whileRefused = published.ToArray();

        repaired.SetResult();
        await Eventually.WaitForAsync(() => Task.FromResult(published.Count), n => n >= 6, TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(whileRefused, Is.EqualTo(new[] { "y-0", "y-1", "y-2" }), "Y goes out; X's later rows wait for x-0");
            Assert.That(published.Where(t => t.StartsWith("x-")), Is.EqualTo(new[] { "x-0", "x-1", "x-2" }));
        });
        await relay.StopAsync();
    }

    private static OutboxMessage Row(string text, string? correlationId = null) => OutboxMessage.For(new Ping(text), DateTimeOffset.UtcNow, correlationId);

    private static async Task<IHost> StartReplicaAsync(TestDatabase database, HeldTransport transport, int batchSize, bool createSchema)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:pings"] = database.ConnectionString("pings");
        builder.Configuration["Outbox:PollInterval"] = "00:00:00.100";
        builder.Configuration["Outbox:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDatabase<PingDb>("pings");
        builder.Services.AddOutboxAndInbox<PingDb>();
        builder.Services.AddSingleton<IMessageTransport>(transport);
        var host = builder.Build();
        if (createSchema)
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PingDb>().Database.EnsureCreatedAsync();
        }
        await host.StartAsync();
        return host;
    }

    /// <summary>Commits the rows in one transaction, which wakes the relay.</summary>
    private static async Task AddAsync(IHost host, params OutboxMessage[] rows)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PingDb>();
        await using var tx = await db.Database.BeginTransactionAsync();
        db.Set<OutboxMessage>().AddRange(rows);
        scope.ServiceProvider.GetRequiredService<IOutbox>().AddedDirectly();
        await db.SaveChangesAsync();
        await tx.CommitAsync();
    }

    private static async Task<OutboxMessage> FindAsync(IHost host, Guid id)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PingDb>().Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == id);
    }

    /// <summary>Records each published ping's text and refuses those <paramref name="refuses"/> picks; unless open, its first publish waits until released.</summary>
    private sealed class HeldTransport(ConcurrentQueue<string> published, bool open = false, Func<string, bool>? refuses = null) : IMessageTransport
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        public async Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            if (!open && Entered.TrySetResult())
            {
                await _released.Task.WaitAsync(cancellationToken);
            }
            var text = ((Ping)message.Message).Text;
            if (refuses?.Invoke(text) == true) throw new InvalidOperationException($"The broker refused {text}.");
            published.Enqueue(text);
        }
    }
}
