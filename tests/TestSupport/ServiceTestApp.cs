using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Jade.Testing;

/// <summary>
/// A service in-process on its own fresh database and RabbitMQ vhost, configured as the runner configures it
/// (migrated at start-up, quiet logs). Derive per service to add what is particular to it. Without a vhost the service
/// gets no RabbitMQ connection, for tests that run it on another bus adapter (<c>Messaging:Transport</c>).
/// </summary>
public abstract class ServiceTestApp<TProgram>(string schema, TestDatabase database, TestVirtualHost? virtualHost)
    : WebApplicationFactory<TProgram> where TProgram : class
{
    public TestDatabase Database => database;
    public TestVirtualHost VirtualHost => virtualHost ?? throw new InvalidOperationException("This service runs without RabbitMQ.");

    /// <summary>Set when several services run on one database and vhost: whoever created them drops them.</summary>
    public bool SharesInfrastructure { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in RunnerSettings.For(schema, database, virtualHost)) builder.UseSetting(key, value);
    }

    /// <summary>
    /// Waits until <c>/health/ready</c> says Healthy (not merely Degraded): migrated, and the bus's queue bound, since a
    /// message published before the binding would find no queue.
    /// </summary>
    public async Task WaitUntilHealthyAsync(TimeSpan? timeout = null)
    {
        using var client = CreateClient();
        var body = await Eventually.WaitForAsync(
            async () => await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync(),
            HealthReport.IsHealthy,
            timeout ?? TimeSpan.FromSeconds(60));
        if (!HealthReport.IsHealthy(body))
        {
            throw new TimeoutException($"The service did not become ready: {body}");
        }
    }

    /// <summary>A client of the in-process service that sends <paramref name="token"/> as its bearer token.</summary>
    public HttpClient ClientWith(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!SharesInfrastructure)
        {
            if (virtualHost is not null)
            {
                await virtualHost.DisposeAsync();
            }
            await database.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}
