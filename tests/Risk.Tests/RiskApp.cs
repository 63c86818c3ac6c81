using System.Net.Http.Json;
using System.Security.Claims;
using Jade.Risk;
using Jade.Risk.Sanctions;
using Jade.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Jade.Risk.Tests;

/// <summary>
/// The risk service on a fresh database and vhost, with the bundled OFAC list and model files, trusting tokens from
/// <see cref="TestTokens"/>. <paramref name="settings"/> are added to the configuration (a log level to collect, say).
/// </summary>
public sealed class RiskApp(TestDatabase database, TestVirtualHost vhost, IReadOnlyDictionary<string, string>? settings = null)
    : ServiceTestApp<Program>(RiskDb.Schema, database, vhost)
{
    private readonly TestTokens _tokens = new();
    private readonly string _keys = Directory.CreateTempSubdirectory("jade-risk-keys-").FullName;

    /// <summary>What the service logged (at the configured levels: warnings and above unless a test asks for more).</summary>
    public CollectingLoggerProvider Logs { get; } = new();

    public static async Task<RiskApp> StartAsync()
    {
        var app = new RiskApp(await TestDatabase.CreateAsync(RiskDb.Schema), await TestVirtualHost.CreateAsync());
        await app.WaitUntilHealthyAsync();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Identity:Issuer", TestTokens.Issuer);
        builder.UseSetting("Risk:KeysPath", _keys);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            _tokens.TrustIn(services);
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }

    public string Token(string scope, string audience = "risk") => _tokens.Create("payments", audience, scope);

    /// <summary>A service client allowed to screen.</summary>
    public HttpClient Screener() => ClientWith(Token("risk.screen"));

    /// <summary>A risk officer signed in through the BFF: scope <c>risk</c>, role <c>risk_officer</c>.</summary>
    public HttpClient Officer(string subject, string email) => ClientWith(_tokens.Create(subject, "risk", "risk", extraClaims:
        [new Claim("role", RiskAuthorization.OfficerRole), new Claim("email", email)]));

    /// <summary>Signed in through the BFF but without the officer role.</summary>
    public HttpClient Customer(Guid userId) => ClientWith(_tokens.Create(userId.ToString(), "risk", "risk"));


    public async Task<long> CountAsync(string table, string where = "true")
    {
        await using var connection = Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM risk.{table} WHERE {where}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_keys, recursive: true);
    }
}

/// <summary>
/// One app for the read-only suites (sanctions, credit scoring): they change nothing a later test could notice.
/// Started on first use, so the pure suites (models, rules, behaviour) run without PostgreSQL. Suites that screen
/// transactions or resolve cases start their own app.
/// </summary>
[SetUpFixture]
public sealed class RiskFixture
{
    private static readonly Lazy<RiskApp> Shared = new(() => RiskApp.StartAsync().GetAwaiter().GetResult());

    public static RiskApp App => Shared.Value;

    [OneTimeTearDown]
    public static async Task StopAsync()
    {
        if (Shared.IsValueCreated) await Shared.Value.DisposeAsync();
    }
}

public static class ScreeningCalls
{
    public static async Task<ScreenResponse> ScreenAsync(this HttpClient client, object request)
    {
        var response = await client.PostAsJsonAsync("/api/risk/sanctions/screen", request);
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ScreenResponse>())!;
    }
}
