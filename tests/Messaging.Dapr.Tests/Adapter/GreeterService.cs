using Jade.Messaging.Bus;
using Jade.Persistence;
using Jade.ServiceDefaults;
using Jade.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jade.Messaging.Dapr.Tests.Adapter;

/// <summary>
/// The building blocks assembled as a service assembles them, on its own database, with <c>Messaging:Transport=dapr</c>,
/// served in memory (<see cref="TestServer"/>) so tests can play the sidecar's part against its endpoints.
/// </summary>
public sealed class GreeterService : IAsyncDisposable
{
    public const string Name = "greeter";
    public const string AppToken = "greeter-app-token";

    private GreeterService(WebApplication app, TestDatabase database) => (App, Database) = (app, database);

    public WebApplication App { get; }
    public TestDatabase Database { get; }

    /// <param name="settings">Added last, e.g. the endpoints of a <see cref="Sidecar.FakeDaprSidecar"/>.</param>
    public static async Task<GreeterService> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync(Name);
        var app = Compose(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            [$"ConnectionStrings:{Name}"] = database.ConnectionString(Name),
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // A test-only model has no migrations; its tables are created straight from the model.
            await scope.ServiceProvider.GetRequiredService<GreeterDb>().Database.EnsureCreatedAsync();
        }
        await app.StartAsync();
        return new GreeterService(app, database);
    }

    /// <summary>
    /// The service built (not started) on the Dapr transport with its app token, then <paramref name="settings"/> (a null
    /// value removes a setting).
    /// </summary>
    public static WebApplication Compose(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        // Configured by the test alone: the output folder also holds the appsettings.json of the services referenced here.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{Name}"] = "Host=127.0.0.1;Port=1;Database=unused",
            [MessageBus.TransportSetting] = MessageBus.UseDapr,
            [DaprBusOptions.AppApiTokenVariable] = AppToken,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        // The readiness check's probe of a model without migrations logs a failed query; that is expected here.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
        builder.AddServiceDefaults();
        builder.AddServiceDatabase<GreeterDb>(Name);
        builder.Services.AddOutboxAndInbox<GreeterDb>();
        builder.Services.AddMessageHandler<GreetingSent, CountGreeting>();
        builder.Services.AddMessageHandler<GreetingSent, RecordGreeting>();
        builder.Services.AddMessageHandler<FarewellSaid, RecordFarewell>();
        builder.AddMessageBus(Name);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapMessageBus();
        return app;
    }

    /// <summary>A client of the service that presents <paramref name="token"/> as the sidecar would (none when null).</summary>
    public HttpClient SidecarClient(string? token = AppToken)
    {
        var client = App.GetTestClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Add("dapr-api-token", token);
        }
        return client;
    }

    public async Task<int> CountAsync<T>(Func<IQueryable<T>, IQueryable<T>>? filter = null) where T : class
    {
        await using var scope = App.Services.CreateAsyncScope();
        var set = scope.ServiceProvider.GetRequiredService<GreeterDb>().Set<T>().AsNoTracking();
        return await (filter?.Invoke(set) ?? set).CountAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}
