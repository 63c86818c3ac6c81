using Jade.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Jade.Risk.Benchmarks.Hosting;

/// <summary>
/// The risk service in this process on a fresh database and vhost, served by Kestrel on a loopback port (not the
/// in-memory TestServer), so every request pays for real sockets and HTTP parsing; as the ledger benchmark hosts the
/// ledger. Tokens come from <see cref="TestTokens"/>, which the service trusts as it would trust identity.
/// </summary>
public sealed class RiskHost(TestDatabase database, TestVirtualHost vhost)
    : ServiceTestApp<Program>(RiskDb.Schema, database, vhost)
{
    private readonly TestTokens _tokens = new();
    private readonly string _keys = Directory.CreateTempSubdirectory("jade-risk-bench-keys-").FullName;

    public static async Task<RiskHost> StartAsync()
    {
        var host = new RiskHost(await TestDatabase.CreateAsync(RiskDb.Schema), await TestVirtualHost.CreateAsync());
        try
        {
            host.UseKestrel(0);
            host.StartServer();
            await host.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120));
            return host;
        }
        catch
        {
            // Drops the database and vhost: a failed start must not leave them behind.
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>The loopback address Kestrel bound (port chosen by the OS).</summary>
    public Uri Address => ClientOptions.BaseAddress;

    /// <summary>A service token as payments would hold one; valid for five minutes, so callers renew it.</summary>
    public string ScreenerToken() => _tokens.Create("payments", "risk", "risk.screen");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The base quiets logging to Warning: per-request Information logs would distort the timings.
        base.ConfigureWebHost(builder);
        builder.UseSetting("Identity:Issuer", TestTokens.Issuer);
        builder.UseSetting("Risk:KeysPath", _keys);
        builder.ConfigureTestServices(services =>
        {
            _tokens.TrustIn(services);
            // What the service still logs goes to stderr: stdout carries only the report.
            services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_keys, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is no reason to fail the report.
        }
    }
}
