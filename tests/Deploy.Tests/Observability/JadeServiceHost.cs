using Jade.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Jade.Deploy.Tests.Observability;

/// <summary>
/// A Jade service in this process, configured as its own test project hosts it (ServiceTestApp), trusting tokens from
/// <paramref name="tokens"/>; <paramref name="settings"/> are added to its configuration.
/// </summary>
internal sealed class JadeServiceHost<TEntryAssemblyType>(
    string schema, TestDatabase database, TestVirtualHost vhost, TestTokens tokens, IReadOnlyDictionary<string, string> settings)
    : ServiceTestApp<TEntryAssemblyType>(schema, database, vhost) where TEntryAssemblyType : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Identity:Issuer", TestTokens.Issuer);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(tokens.TrustIn);
    }

    public async Task<MetricsScrape> ScrapeAsync()
    {
        using var client = CreateClient();
        return await MetricsScrape.FromAsync(client);
    }
}
