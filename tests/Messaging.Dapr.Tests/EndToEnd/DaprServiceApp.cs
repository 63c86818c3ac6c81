using Jade.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Jade.Messaging.Dapr.Tests.EndToEnd;

/// <summary>
/// A real service host on the Dapr transport, without RabbitMQ, on a database it shares with the other services of the
/// test (whoever created it drops it). Its own temporary key folder under <paramref name="keysSetting"/>.
/// </summary>
public sealed class DaprServiceApp<TProgram>(
    string schema, TestDatabase database, string keysSetting, IReadOnlyDictionary<string, string?> settings,
    Action<IServiceCollection>? configureServices = null)
    : ServiceTestApp<TProgram>(schema, database, virtualHost: null) where TProgram : class
{
    private readonly string _keys = Path.Combine(Path.GetTempPath(), $"jade-{schema}-keys-{Guid.NewGuid():N}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(keysSetting, _keys);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_keys))
        {
            Directory.Delete(_keys, recursive: true);
        }
    }
}
