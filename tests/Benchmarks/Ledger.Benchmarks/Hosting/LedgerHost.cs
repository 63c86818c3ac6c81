using Jade.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Jade.Ledger.Benchmarks.Hosting;

/// <summary>
/// The ledger service in this process on a fresh database and vhost, served by Kestrel on a loopback port (not the
/// in-memory TestServer), so every request pays for real sockets and HTTP parsing. Tokens come from
/// <see cref="TestTokens"/>, which the service trusts as it would trust identity.
/// </summary>
public sealed class LedgerHost(TestDatabase database, TestVirtualHost vhost)
    : ServiceTestApp<Program>(LedgerDb.Schema, database, vhost)
{
    private readonly TestTokens _tokens = new();

    public static async Task<LedgerHost> StartAsync()
    {
        var host = new LedgerHost(await TestDatabase.CreateAsync(LedgerDb.Schema), await TestVirtualHost.CreateAsync());
        host.UseKestrel(0);
        host.StartServer();
        await host.WaitUntilHealthyAsync();
        return host;
    }

    /// <summary>The loopback address Kestrel bound (port chosen by the OS).</summary>
    public Uri Address => ClientOptions.BaseAddress;

    /// <summary>A service token as payments would hold one; valid for five minutes, so callers renew it.</summary>
    public string ServiceToken() => _tokens.Create("benchmark", "ledger", "ledger.write ledger.read");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The base quiets logging to Warning: per-request Information logs would distort the timings.
        base.ConfigureWebHost(builder);
        builder.UseSetting("Identity:Issuer", TestTokens.Issuer);
        builder.ConfigureTestServices(services =>
        {
            _tokens.TrustIn(services);
            // What the service still logs goes to stderr: stdout carries only the report.
            services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
    }
}
