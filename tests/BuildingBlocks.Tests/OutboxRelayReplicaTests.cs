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
/// Two replicas relaying one outbox table. The broker is replaced by a transport that records what was published, so
/// the test decides when the first replica's publish returns; the outbox, its locks and the relays are real.
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
        await AddAsync(one, new Ping("first"), new Ping("second"));
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

    private static async Task AddAsync(IHost host, params Ping[] pings)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PingDb>();
        await using var tx = await db.Database.BeginTransactionAsync();
        foreach (var ping in pings)
        {
            scope.ServiceProvider.GetRequiredService<IOutbox>().Add(ping, correlationId: "conversation-1");
        }
        await db.SaveChangesAsync();
        await tx.CommitAsync();
    }

    /// <summary>Records each published ping's text; unless open, its first publish waits until released.</summary>
    private sealed class HeldTransport(ConcurrentQueue<string> published, bool open = false) : IMessageTransport
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
            published.Enqueue(((Ping)message.Message).Text);
        }
    }
}
