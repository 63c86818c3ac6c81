using System.Net.Http.Json;
using System.Security.Claims;
using Jade.Contracts.Identity;
using Jade.Contracts.Ledger;
using Jade.Ledger;
using Jade.Ledger.Verification;
using Jade.Messaging;
using Jade.Risk;
using Jade.Payments.Tests.Channels;
using Jade.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Payments.Tests;

/// <summary>
/// Payments with the real ledger and risk services beside it, in one process, on one database (a schema and role
/// each) and one RabbitMQ vhost: every saga step crosses the bus exactly as in production.
/// </summary>
public sealed class MoneyStack : IAsyncDisposable
{
    private static readonly Guid Funding = LedgerAccounts.House(LedgerAccounts.OperatingCash);
    private readonly TestDatabase _database;
    private readonly TestVirtualHost _vhost;
    private readonly TestTokens _tokens = new();
    private readonly IReadOnlyDictionary<string, string> _paymentSettings;
    // Key rings outlive a service instance, as a pod's do across restarts: a PIN hashed before a restart still verifies.
    private readonly string _keys = Directory.CreateTempSubdirectory("jade-money-stack-keys-").FullName;
    private TestIssuer? _issuer;
    private MoneyProcesses? _processes;

    private MoneyStack(TestDatabase database, TestVirtualHost vhost, IReadOnlyDictionary<string, string> paymentSettings)
    {
        _database = database;
        _vhost = vhost;
        _paymentSettings = paymentSettings.Concat(Channels.Settings).ToDictionary();
        paymentSettings = _paymentSettings;
        Ledger = new LedgerHost(database, vhost, _tokens) { SharesInfrastructure = true };
        Risk = new RiskHost(database, vhost, _tokens, RiskKeys) { SharesInfrastructure = true };
        Payments = new PaymentsApp(database, vhost, paymentSettings, PaymentsKeys) { SharesInfrastructure = true };
    }

    public ScriptedChannels Channels { get; } = new();
    public LedgerHost Ledger { get; }
    public RiskHost Risk { get; }
    public PaymentsApp Payments { get; private set; }

    /// <summary>Review waits are short so a test can watch one run out; level-1 limits are lifted so risk's own ceilings decide.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultSettings = new Dictionary<string, string>
    {
        ["Payments:Saga:ReviewTimeout"] = "00:00:08",
        ["Payments:Saga:StepTimeout"] = "00:00:05",
        ["Payments:Saga:SweepInterval"] = "00:00:00.200",
        ["Payments:Saga:ConfirmationTimeout"] = "00:00:04",
        ["Payments:Saga:PayoutTimeout"] = "00:00:04",
        ["Payments:Saga:RefundTimeout"] = "00:00:04",
        ["Payments:Limits:Level1:PerTransactionMinor"] = "1000000",
        ["Payments:Limits:Level1:PerDayMinor"] = "10000000",
        ["Payments:PartnerRequestsPerMinute"] = "25",
        ["Payments:PartnerDailyLimitMinor"] = "10000000",
    };

    /// <param name="overSockets">Serve ledger and payments with Kestrel on loopback ports (benchmarks) instead of in memory.</param>
    public static async Task<MoneyStack> StartAsync(IReadOnlyDictionary<string, string>? paymentSettings = null, bool overSockets = false)
    {
        var stack = new MoneyStack(
            await TestDatabase.CreateAsync(LedgerDb.Schema, RiskDb.Schema, PaymentsDb.Schema), await TestVirtualHost.CreateAsync(),
            paymentSettings ?? DefaultSettings);
        if (overSockets)
        {
            stack.Ledger.UseKestrel(0);
            stack.Payments.UseKestrel(0);
            stack.Ledger.StartServer();
            stack.Payments.StartServer();
        }
        await Task.WhenAll(stack.Ledger.WaitUntilHealthyAsync(), stack.Risk.WaitUntilHealthyAsync(), stack.Payments.WaitUntilHealthyAsync());
        return stack;
    }

    /// <summary>Stops payments and starts a new instance on the same database and queue, running <paramref name="beforeStart"/> in between.</summary>
    public async Task RestartPaymentsAsync(Func<Task>? beforeStart = null)
    {
        await Payments.DisposeAsync();
        if (beforeStart is not null) await beforeStart();
        Payments = new PaymentsApp(_database, _vhost, _paymentSettings, PaymentsKeys) { SharesInfrastructure = true };
        await Payments.WaitUntilHealthyAsync();
    }

    /// <summary>Payments as a separate process on the same database, queue, key ring and settings (stop the in-process one first).</summary>
    public async Task<ServiceProcess> StartPaymentsProcessAsync() => await ServiceProcess.StartAsync("Payments", await ProcessSettingsAsync(PaymentsDb.Schema,
        new Dictionary<string, string>(_paymentSettings) { ["Payments:KeysPath"] = PaymentsKeys }));

    /// <summary>
    /// Stops the in-process services and starts ledger, risk and payments each as a process of its own on the same
    /// database, vhost, key rings and settings, trusting <see cref="Token"/>'s tokens: one runtime and one heap per service,
    /// as deployed, for a benchmark. The in-process hosts cannot be used afterwards; the stack stops the processes.
    /// </summary>
    public async Task<MoneyProcesses> MoveToProcessesAsync()
    {
        await Payments.DisposeAsync();
        await Risk.DisposeAsync();
        await Ledger.DisposeAsync();
        var ledger = ServiceProcess.StartAsync("Ledger", await ProcessSettingsAsync(LedgerDb.Schema, new Dictionary<string, string>()));
        var risk = ServiceProcess.StartAsync("Risk", await ProcessSettingsAsync(RiskDb.Schema, new Dictionary<string, string> { ["Risk:KeysPath"] = RiskKeys }));
        var payments = StartPaymentsProcessAsync();
        _processes = new MoneyProcesses(await ledger, await risk, await payments);
        return _processes;
    }

    /// <summary>A token from the issuer every service of the stack trusts (in-process payments trusts its own; see <see cref="PaymentsApp.Token"/>).</summary>
    public string Token(string subject, string audience, string scope) => _tokens.Create(subject, audience, scope);

    private async Task<Dictionary<string, string>> ProcessSettingsAsync(string schema, Dictionary<string, string> particular)
    {
        _issuer ??= await TestIssuer.StartAsync(_tokens);
        var settings = RunnerSettings.For(schema, _database, _vhost);
        foreach (var (key, value) in _issuer.Settings.Concat(particular)) settings[key] = value;
        return settings;
    }

    private string PaymentsKeys => Path.Combine(_keys, "payments");

    private string RiskKeys => Path.Combine(_keys, "risk");

    /// <summary>Registers a customer the way identity announces one; returns once payments and the ledger both know them.</summary>
    public async Task<Guid> RegisterAsync(string email)
    {
        var id = Guid.CreateVersion7();
        var transport = Payments.Services.GetRequiredService<IMessageTransport>();
        var message = new OutgoingMessage(Guid.CreateVersion7(), typeof(UserRegistered),
            new UserRegistered(id, email, "en", DateTimeOffset.UtcNow), null);
        await transport.PublishUntilAsync(message, async () =>
            await ScalarAsync($"SELECT (SELECT count(*) FROM payments.customers WHERE id = '{id}') + (SELECT count(*) FROM ledger.accounts WHERE id = '{LedgerAccounts.Wallet(id)}')"),
            known => known == 2, TimeSpan.FromSeconds(45));
        return id;
    }

    /// <summary>Puts <paramref name="amountMinor"/> into the customer's wallet from Jade's own cash.</summary>
    public async Task FundAsync(Guid customer, long amountMinor)
    {
        using var ledger = LedgerService();
        var response = await ledger.PostAsJsonAsync("/api/ledger/transfers", new
        {
            transfers = new[] { new { id = Guid.CreateVersion7(), debitAccountId = Funding, creditAccountId = LedgerAccounts.Wallet(customer), amount = amountMinor, currency = "CNY", code = 1 } },
        });
        response.EnsureSuccessStatusCode();
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"created\""));
    }

    /// <summary>Closes the customer's wallet in the ledger (a zero pending transfer that closes its credit side), as compliance freezes one: nothing more can be credited to it.</summary>
    public async Task FreezeWalletAsync(Guid customer)
    {
        using var ledger = LedgerService();
        var response = await ledger.PostAsJsonAsync("/api/ledger/transfers", new
        {
            transfers = new[]
            {
                new
                {
                    id = Guid.CreateVersion7(), debitAccountId = Funding, creditAccountId = LedgerAccounts.Wallet(customer), amount = 0L, currency = "CNY", code = 1,
                    flags = new[] { "pending", "closing_credit" },
                },
            },
        });
        response.EnsureSuccessStatusCode();
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"created\""));
    }

    /// <summary>(available, pending debits) of the customer's wallet, straight from the ledger's table.</summary>
    public Task<(long Available, long Held)> WalletAsync(Guid customer) => AccountAsync(LedgerAccounts.Wallet(customer));

    /// <summary>(credits − debits posted, pending debits) of any ledger account.</summary>
    public async Task<(long Available, long Held)> AccountAsync(Guid account)
    {
        await using var connection = _database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT credits_posted - debits_posted - debits_pending, debits_pending FROM ledger.accounts WHERE id = @id";
        command.Parameters.AddWithValue("id", account);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task<VerificationReport> VerifyLedgerAsync()
    {
        using var auditor = LedgerClient(_tokens.Create("ops", "ledger", "ledger.audit"));
        return (await auditor.GetFromJsonAsync<VerificationReport>("/api/ledger/verification"))!;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = _database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The outcome events payments announced for an order (type name and payload), from its outbox.</summary>
    public async Task<IReadOnlyList<(string Type, System.Text.Json.JsonElement Payload)>> OutcomesAsync(Guid paymentId)
    {
        await using var connection = _database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, payload::text FROM payments.outbox_messages WHERE correlation_id = @id AND (type LIKE '%.PaymentCompleted,%' OR type LIKE '%.PaymentFailed,%') ORDER BY id";
        command.Parameters.AddWithValue("id", paymentId.ToString("D"));
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, System.Text.Json.JsonElement)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0).Split(',')[0].Split('.')[^1], System.Text.Json.JsonDocument.Parse(reader.GetString(1)).RootElement));
        return rows;
    }

    public async Task<string?> TextAsync(string sql)
    {
        await using var connection = _database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    /// <summary>
    /// Waits on the order's row until it is completed or failed. Tests poll the row, not the API: polling a partner's API
    /// would spend its request budget (25 a minute here, shared by a fixture's tests) and a slow run would meet 429.
    /// </summary>
    public Task<string?> OrderFinalAsync(Guid orderId) => Eventually.WaitForAsync(
        () => TextAsync($"SELECT status FROM payments.payment_orders WHERE id = '{orderId}'"),
        // 90 s, not 30: a fresh-clone CI run on a busy 2-core machine once took longer than 30 s to void a failed payout.
        s => s is Jade.Payments.Orders.PaymentStatuses.Completed or Jade.Payments.Orders.PaymentStatuses.Failed, TimeSpan.FromSeconds(90));

    /// <summary>A risk officer, as the staff console calls risk.</summary>
    public HttpClient Officer() => Risk.ClientWith(_tokens.Create("officer-1", "risk", "risk",
        extraClaims: [new Claim("role", RiskAuthorization.OfficerRole), new Claim("email", "officer@jade.example")]));

    /// <summary>A risk officer decides the review case opened for <paramref name="paymentId"/>.</summary>
    public async Task DecideCaseAsync(Guid paymentId, string decision)
    {
        using var officer = Officer();
        var caseId = await Eventually.WaitForAsync(
            () => TextAsync($"SELECT id FROM risk.cases WHERE kind = 'transaction' AND subject_id = '{paymentId}'"),
            id => id is not null, TimeSpan.FromSeconds(10));
        var response = await officer.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision, comment = "Checked with the customer by phone." });
        NUnit.Framework.Assert.That(response.IsSuccessStatusCode, NUnit.Framework.Is.True, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A service token allowed to write to the ledger, as a saga's owner holds one.</summary>
    public string LedgerServiceToken() => _tokens.Create("payments-tests", "ledger", "ledger.write ledger.read");

    private HttpClient LedgerService() => LedgerClient(LedgerServiceToken());

    /// <summary>The ledger, in process or, once moved, its process.</summary>
    public HttpClient LedgerClient(string token)
    {
        if (_processes is null) return Ledger.ClientWith(token);
        var client = new HttpClient { BaseAddress = _processes.Ledger.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_processes is not null) await _processes.DisposeAsync();
        else
        {
            await Payments.DisposeAsync();
            await Risk.DisposeAsync();
            await Ledger.DisposeAsync();
        }
        if (_issuer is not null) await _issuer.DisposeAsync();
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
        Channels.Dispose();
        Directory.Delete(_keys, recursive: true);
    }
}

public sealed class LedgerHost(TestDatabase database, TestVirtualHost vhost, TestTokens tokens) : ServiceTestApp<LedgerDb>(LedgerDb.Schema, database, vhost)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Identity:Issuer", TestTokens.Issuer);
        builder.ConfigureTestServices(tokens.TrustIn);
    }
}

/// <param name="keysPath">The service's key ring, kept by the caller (<see cref="MoneyStack"/>) across restarts.</param>
public sealed class RiskHost(TestDatabase database, TestVirtualHost vhost, TestTokens tokens, string keysPath) : ServiceTestApp<RiskDb>(RiskDb.Schema, database, vhost)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Identity:Issuer", TestTokens.Issuer);
        builder.UseSetting("Risk:KeysPath", keysPath);
        builder.ConfigureTestServices(tokens.TrustIn);
    }
}

/// <summary>The stack's services as processes of their own (<see cref="MoneyStack.MoveToProcessesAsync"/>).</summary>
public sealed record MoneyProcesses(ServiceProcess Ledger, ServiceProcess Risk, ServiceProcess Payments) : IAsyncDisposable
{
    public IEnumerable<ServiceProcess> All => [Ledger, Risk, Payments];

    public async ValueTask DisposeAsync()
    {
        foreach (var process in All) await process.DisposeAsync();
    }
}
