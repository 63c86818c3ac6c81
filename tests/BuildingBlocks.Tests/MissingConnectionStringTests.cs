using Jade.Messaging;
using Jade.Messaging.RabbitMq;
using Jade.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jade.BuildingBlocks.Tests;

/// <summary>A service host with neither connection string configured, as an operator runs a command that needs neither.</summary>
public sealed class MissingConnectionStringTests
{
    [Test]
    public async Task A_command_that_needs_no_database_or_broker_runs_without_their_connection_strings()
    {
        using var host = Build();

        var exitCode = await host.Services.RunCommandAsync([CountsToThree.Flag], CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(3));
    }

    [Test]
    public void Serving_without_the_database_fails_at_start_naming_its_setting()
    {
        using var host = Build(withMessaging: false);

        var failure = Assert.CatchAsync(() => host.StartAsync());

        Assert.That(failure!.Message, Does.Contain("ConnectionStrings:pings is not configured."));
    }

    [Test]
    public void Serving_without_the_broker_fails_at_start_naming_its_setting()
    {
        using var host = Build(settings: ("ConnectionStrings:pings", "Host=127.0.0.1;Port=1"));

        var failure = Assert.CatchAsync(() => host.StartAsync());

        Assert.That(failure!.Message, Does.Contain("ConnectionStrings:rabbitmq is not configured."));
    }

    [Test]
    public void Opening_the_database_without_it_names_the_missing_setting()
    {
        using var host = Build();
        using var scope = host.Services.CreateScope();

        var failure = Assert.Catch(() => scope.ServiceProvider.GetRequiredService<PingDb>().Database.GetConnectionString());

        Assert.That(failure!.Message, Does.Contain("ConnectionStrings:pings is not configured."));
    }

    private static IHost Build(bool withMessaging = true, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        foreach (var (key, value) in settings) builder.Configuration[key] = value;
        builder.AddServiceDatabase<PingDb>("pings");
        if (withMessaging)
        {
            builder.Services.AddOutboxAndInbox<PingDb>();
            builder.Services.AddMessageHandler<Ping, RecordPing>();
            builder.AddRabbitMqBus("pings");
        }
        builder.Services.AddServiceCommand<CountsToThree>();
        return builder.Build();
    }

    private sealed class CountsToThree : IServiceCommand
    {
        public const string Flag = "--count-to-three";
        public string Name => Flag;
        public Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.FromResult(3);
    }
}
