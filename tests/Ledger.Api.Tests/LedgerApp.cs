using System.Net.Http.Json;
using Jade.Ledger;
using Jade.Ledger.Accounts;
using Jade.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Jade.Ledger.Api.Tests;

/// <summary>
/// The ledger service on a fresh database and vhost, trusting tokens from <see cref="TestTokens"/>;
/// <paramref name="settings"/> are added to its configuration (e.g. <c>Ledger:Verification:*</c>).
/// </summary>
public sealed class LedgerApp(TestDatabase database, TestVirtualHost vhost, IReadOnlyDictionary<string, string>? settings = null)
    : ServiceTestApp<Program>(LedgerDb.Schema, database, vhost)
{
    public const string Cny = "CNY";
    private readonly TestTokens _tokens = new();

    public static async Task<LedgerApp> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var app = new LedgerApp(await TestDatabase.CreateAsync(LedgerDb.Schema), await TestVirtualHost.CreateAsync(), settings);
        await app.WaitUntilHealthyAsync();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Identity:Issuer", TestTokens.Issuer);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.ConfigureTestServices(_tokens.TrustIn);
    }

    public async Task<MetricsScrape> ScrapeAsync()
    {
        using var client = CreateClient();
        return await MetricsScrape.FromAsync(client);
    }

    public string Token(string subject, string scope, string audience = "ledger") => _tokens.Create(subject, audience, scope);

    /// <summary>A service client (client credentials: its subject is a client id) allowed to write and read.</summary>
    public HttpClient ServiceClient() => ClientWith(Token("payments", "ledger.write ledger.read"));

    /// <summary>A signed-in customer as the BFF forwards it: scope <c>ledger</c>, subject = user id.</summary>
    public HttpClient CustomerClient(Guid userId) => ClientWith(Token(userId.ToString(), "ledger"));


    public async Task<long> CountAsync(string table)
    {
        await using var connection = Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM ledger.{table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>(debits_pending, debits_posted, credits_pending, credits_posted) straight from the table.</summary>
    public async Task<(long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted)> RawBalancesAsync(Guid accountId)
    {
        await using var connection = Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT debits_pending, debits_posted, credits_pending, credits_posted FROM ledger.accounts WHERE id = @id";
        command.Parameters.AddWithValue("id", accountId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, $"account {accountId} exists");
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }
}

/// <summary>Small request helpers over the public API.</summary>
public static class LedgerCalls
{
    public static async Task<IReadOnlyList<BatchResult>> CreateAccountsAsync(this HttpClient client, params object[] accounts)
    {
        var response = await client.PostAsJsonAsync("/api/ledger/accounts", new { accounts });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<BatchResponse>())!.Results;
    }

    public static async Task<IReadOnlyList<BatchResult>> CreateTransfersAsync(this HttpClient client, params object[] transfers)
    {
        var response = await client.PostAsJsonAsync("/api/ledger/transfers", new { transfers });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<BatchResponse>())!.Results;
    }

    public static async Task<AccountView> GetAccountAsync(this HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<AccountView>($"/api/ledger/accounts/{id}"))!;

    public static object Wallet(Guid id, Guid owner) =>
        new { id, currency = LedgerApp.Cny, code = 100, ownerId = owner, flags = new[] { "debits_must_not_exceed_credits", "history" } };

    public static object Settlement(Guid id) => new { id, currency = LedgerApp.Cny, code = 202, flags = Array.Empty<string>() };

    public static object Move(Guid id, Guid from, Guid to, long amount, params string[] flags) =>
        new { id, debitAccountId = from, creditAccountId = to, amount, currency = LedgerApp.Cny, code = 1, flags };

    /// <summary>A settlement account and a customer wallet funded with <paramref name="funds"/>.</summary>
    public static async Task<(Guid Settlement, Guid Wallet, Guid Owner)> FundedWalletAsync(this HttpClient client, long funds)
    {
        var (settlement, wallet, owner) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var created = await client.CreateAccountsAsync(Settlement(settlement), Wallet(wallet, owner));
        Assert.That(created.Select(r => r.Status), Is.All.EqualTo("created"));
        if (funds > 0)
        {
            var topUp = await client.CreateTransfersAsync(Move(Guid.CreateVersion7(), settlement, wallet, funds));
            Assert.That(topUp[0].Status, Is.EqualTo("created"));
        }
        return (settlement, wallet, owner);
    }
}
