using System.Diagnostics;
using Jade.Messaging;
using Jade.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RabbitMQ.Client;

namespace Jade.BuildingBlocks.Tests;

public sealed class DatabaseOutageTests : PingServiceTest
{
    private const string ErrorQueue = PingService.Queue + "_error";

    [Test]
    public async Task A_message_that_arrives_while_the_database_is_unreachable_waits_for_it_instead_of_the_error_queue()
    {
        await CutOffDatabaseAsync();
        // From another service, as an event arrives: the ping service's own outbox is behind the outage.
        await PublishAsync(new Ping("during the outage"));
        // Longer than the retries of a failing message can last (5, at most ~20 s with their jitter); a message that goes
        // to the error queue meanwhile ends the wait.
        var parked = await Eventually.WaitForAsync(() => Service.VirtualHost.QueueDepthAsync(ErrorQueue), n => n > 0, TimeSpan.FromSeconds(25));
        await RestoreDatabaseAsync();

        var effects = await Eventually.WaitForAsync(() => CountAsync("effects WHERE text = 'during the outage'"), n => n > 0, TimeSpan.FromSeconds(30));

        Assert.Multiple(async () =>
        {
            Assert.That(parked, Is.Zero, "the error queue stayed empty during the outage");
            Assert.That(effects, Is.EqualTo(1));
            Assert.That(await CountAsync("inbox_messages"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Stopping_while_a_message_waits_for_the_database_returns_it_to_the_queue()
    {
        await CutOffDatabaseAsync();
        await PublishAsync(new Ping("waiting at shutdown"));
        // Past its first attempt: the delivery is waiting for the database.
        await Task.Delay(TimeSpan.FromSeconds(3));

        var stopping = Stopwatch.StartNew();
        await Service.Host.StopAsync();
        stopping.Stop();

        // Ready in the service's queue, so not in the error queue: there is only the one.
        Assert.Multiple(async () =>
        {
            Assert.That(stopping.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "the wait ends with the bus");
            Assert.That(await ReadyAsync(PingService.Queue), Is.EqualTo(1));
        });
    }

    private Task PublishAsync(Ping ping) =>
        Service.Host.Services.GetRequiredService<IMessageTransport>()
            .PublishAsync(new OutgoingMessage(Guid.CreateVersion7(), typeof(Ping), ping, CorrelationId: null), CancellationToken.None);

    private string Role => new NpgsqlConnectionStringBuilder(Service.Database.ConnectionString("pings")).Username!;

    /// <summary>
    /// Turns the service's login role away (53300, as a server that is out of connections does) and ends its sessions
    /// (57P01, as a shutdown does), so its pooled connections are dead too. Not NOLOGIN: Npgsql takes its 28000 for a
    /// configuration error, not a transient one, so it would not stand for an outage.
    /// </summary>
    private Task CutOffDatabaseAsync() =>
        AdminAsync($"""ALTER ROLE "{Role}" CONNECTION LIMIT 0; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{Role}'""");

    private Task RestoreDatabaseAsync() => AdminAsync($"""ALTER ROLE "{Role}" CONNECTION LIMIT -1""");

    private async Task<long> CountAsync(string tableAndCondition) => (long)(await AdminAsync($"SELECT count(*) FROM pings.{tableAndCondition}"))!;

    /// <summary>Runs SQL behind the service's back, as the superuser, whom the outage leaves alone.</summary>
    private async Task<object?> AdminAsync(string sql)
    {
        await using var admin = Service.Database.OpenAdminConnection();
        await using var command = new NpgsqlCommand(sql, admin);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Messages ready in a queue, from the broker itself: the management API's figures are seconds old.</summary>
    private async Task<uint> ReadyAsync(string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = Service.VirtualHost.AmqpUri }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }
}
