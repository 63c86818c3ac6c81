using Jade.Contracts.Identity;
using Jade.Messaging;
using Jade.ServiceDefaults;
using Jade.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jade.Payments.Tests;

/// <summary>The payments service on a fresh database, trusting tokens from <see cref="TestTokens"/>, every log line
/// collected so tests can check what is never logged.</summary>
/// <param name="keysPath">The service's key ring when the caller keeps it (across restarts); by default one of its own, deleted with it.</param>
public sealed class PaymentsApp(TestDatabase database, TestVirtualHost vhost, IReadOnlyDictionary<string, string>? settings = null, string? keysPath = null)
    : ServiceTestApp<PaymentsDb>(PaymentsDb.Schema, database, vhost)
{
    private readonly TestTokens _tokens = new();
    private readonly string _keys = keysPath ?? Directory.CreateTempSubdirectory("jade-payments-keys-").FullName;

    public CollectingLoggerProvider Logs { get; } = new();

    public static async Task<PaymentsApp> StartAsync()
    {
        var app = new PaymentsApp(await TestDatabase.CreateAsync(PaymentsDb.Schema), await TestVirtualHost.CreateAsync());
        await app.WaitUntilHealthyAsync();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Identity:Issuer", TestTokens.Issuer);
        builder.UseSetting("Payments:KeysPath", _keys);
        builder.UseSetting("Logging:LogLevel:Default", "Trace");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            _tokens.TrustIn(services);
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }

    /// <summary>A customer signed in through the BFF: subject = customer id, scope <c>payments</c>.</summary>
    public HttpClient Customer(Guid customerId) => ClientWith(_tokens.Create(customerId.ToString(), "payments", "payments"));

    public string Token(string subject, string audience, string scope) => _tokens.Create(subject, audience, scope);

    /// <summary>A staff member signed in through the BFF with <paramref name="roles"/> (scope <c>payments</c>).</summary>
    public HttpClient Staff(string email, params string[] roles) => ClientWith(_tokens.Create(Guid.CreateVersion7().ToString(), "payments", "payments",
        extraClaims: [new System.Security.Claims.Claim("email", email), .. roles.Select(r => new System.Security.Claims.Claim("role", r))]));

    /// <summary>A step-up token from "identity" (this issuer) for <paramref name="customerId"/>.</summary>
    public string StepUp(Guid customerId, string purpose, DateTime? expires = null, string? tokenId = null,
        string tokenType = StepUpTokens.TokenType, string audience = StepUpTokens.Audience) =>
        _tokens.CreateStepUp(customerId.ToString(), purpose, expires, tokenId, tokenType, audience);

    /// <summary>A customer as identity's <see cref="UserRegistered"/> announces them, once the directory has them.</summary>
    public async Task<Guid> RegisterAsync(string name, string? phone = null)
    {
        var id = Guid.CreateVersion7();
        var transport = Services.GetRequiredService<IMessageTransport>();
        await transport.PublishUntilAsync(
            new OutgoingMessage(Guid.CreateVersion7(), typeof(UserRegistered),
                new UserRegistered(id, $"{name}.{id:N}@example.com", "zh-CN", DateTimeOffset.UtcNow, phone), null),
            async () => (await ColumnAsync($"SELECT count(*) FROM payments.customers WHERE id = '{id}'"))[0], n => n == "1", TimeSpan.FromSeconds(30));
        return id;
    }

    public async Task<List<string>> ColumnAsync(string sql)
    {
        await using var connection = Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.IsDBNull(0) ? "" : reader.GetValue(0).ToString()!);
        return values;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // A restart that failed half-way leaves the stack holding an instance already disposed once.
        if (keysPath is null && Directory.Exists(_keys)) Directory.Delete(_keys, recursive: true);
    }
}

/// <summary>A test class with a payments service of its own (its own database and virtual host), started once for the class.</summary>
public abstract class PaymentsServiceFixture
{
    protected PaymentsApp App { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartPaymentsAsync() => App = await PaymentsApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopPaymentsAsync()
    {
        if (App is not null) await App.DisposeAsync();
    }
}
