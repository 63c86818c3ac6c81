using Jade.Messaging;
using Jade.Messaging.RabbitMq;
using Jade.Persistence;
using Jade.ServiceDefaults;
using Jade.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jade.BuildingBlocks.Tests;

/// <summary>
/// The building blocks assembled the way a service assembles them, on a real database and broker vhost, served in
/// memory so tests can read its <c>/metrics</c>.
/// </summary>
internal sealed class PingService : IAsyncDisposable
{
    public const string Queue = "pings";

    private PingService(WebApplication host, TestDatabase database, TestVirtualHost vhost) => (Host, Database, VirtualHost) = (host, database, vhost);

    public WebApplication Host { get; }
    public TestDatabase Database { get; }
    public TestVirtualHost VirtualHost { get; }

    /// <param name="pollInterval">How long the idle relay waits before looking again without being woken (default 200 ms).</param>
    public static async Task<PingService> StartAsync(TimeSpan? pollInterval = null)
    {
        var database = await TestDatabase.CreateAsync("pings");
        var vhost = await TestVirtualHost.CreateAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["ConnectionStrings:pings"] = database.ConnectionString("pings");
        builder.Configuration["ConnectionStrings:rabbitmq"] = vhost.AmqpUri.ToString();
        builder.Configuration["Outbox:PollInterval"] = (pollInterval ?? TimeSpan.FromMilliseconds(200)).ToString();
        builder.Configuration["Outbox:BacklogSampleInterval"] = "00:00:00.200";
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddServiceDatabase<PingDb>("pings");
        builder.Services.AddOutboxAndInbox<PingDb>();
        builder.Services.AddMessageHandler<Ping, RecordPing>();
        builder.AddRabbitMqBus(Queue);
        var host = builder.Build();
        host.MapDefaultEndpoints();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            // A test-only model has no migrations; its tables are created straight from the model.
            await scope.ServiceProvider.GetRequiredService<PingDb>().Database.EnsureCreatedAsync();
        }
        await host.StartAsync();
        var service = new PingService(host, database, vhost);
        await service.WaitUntilHealthyAsync();
        return service;
    }

    public async Task PublishAsync(Ping ping)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IOutbox>().Add(ping);
        await scope.ServiceProvider.GetRequiredService<PingDb>().SaveChangesAsync();
    }

    public async Task<MetricsScrape> ScrapeAsync()
    {
        using var client = Host.GetTestClient();
        return await MetricsScrape.FromAsync(client);
    }

    public async Task<int> CountAsync<T>(Func<IQueryable<T>, IQueryable<T>>? filter = null) where T : class
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var set = scope.ServiceProvider.GetRequiredService<PingDb>().Set<T>().AsNoTracking();
        return await (filter?.Invoke(set) ?? set).CountAsync();
    }

    private async Task WaitUntilHealthyAsync()
    {
        // The queue appears before the message type's exchange is bound to it, so a queue that merely exists can still
        // miss a message published now (the relay marks it sent and it is gone). The bus reports Healthy only once its
        // receive endpoint is ready, topology included.
        using var client = Host.GetTestClient();
        var body = await Eventually.WaitForAsync(
            async () => await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync(),
            HealthReport.IsHealthy,
            TimeSpan.FromSeconds(60));
        if (!HealthReport.IsHealthy(body))
        {
            throw new TimeoutException($"The ping service did not become ready: {body}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        await Host.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }
}
