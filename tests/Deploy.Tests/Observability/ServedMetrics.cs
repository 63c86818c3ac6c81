using System.Net.Http.Json;
using Jade.Contracts.Identity;
using Jade.Identity.Users;
using Jade.Ledger;
using Jade.Messaging;
using Jade.Notifications;
using Jade.Payments;
using Jade.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Deploy.Tests.Observability;

/// <summary>
/// The metric names Jade's services really serve at <c>/metrics</c>: identity, the ledger, payments and notifications
/// hosted here, each brought to the state in which every series an alert reads exists — a request served, a ledger verifier
/// run, a payment saga left running (payments has a broker vhost of its own, so no ledger or risk ever answers it).
/// </summary>
internal static class ServedMetrics
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task<IReadOnlySet<string>> CollectAsync()
    {
        var tokens = new TestTokens();
        var keys = Directory.CreateTempSubdirectory("jade-served-metrics-keys-").FullName;
        try
        {
            await using var database = await TestDatabase.CreateAsync(IdentityDb.Schema, LedgerDb.Schema, PaymentsDb.Schema, NotificationsDb.Schema);
            await using var identityBus = await TestVirtualHost.CreateAsync();
            await using var ledgerBus = await TestVirtualHost.CreateAsync();
            await using var paymentsBus = await TestVirtualHost.CreateAsync();
            await using var notificationsBus = await TestVirtualHost.CreateAsync();
            await using var ledger = Host<LedgerDb>(LedgerDb.Schema, database, ledgerBus, tokens, []);
            await using var payments = Host<PaymentsDb>(PaymentsDb.Schema, database, paymentsBus, tokens, [("Payments:KeysPath", Path.Combine(keys, "payments"))]);
            await using var notifications = Host<NotificationsDb>(NotificationsDb.Schema, database, notificationsBus, tokens,
                [("Notifications:KeysPath", Path.Combine(keys, "notifications"))]);
            await using var identity = Host<IdentityDb>(IdentityDb.Schema, database, identityBus, tokens,
                [("Identity:KeysPath", Path.Combine(keys, "identity")), ("Identity:Clients:0:ClientSecret", "served-metrics-bff-secret")]);
            await Task.WhenAll(identity.WaitUntilHealthyAsync(), ledger.WaitUntilHealthyAsync(), payments.WaitUntilHealthyAsync(), notifications.WaitUntilHealthyAsync());

            using (var auditor = ledger.ClientWith(tokens.Create("ops", "ledger", "ledger.audit")))
            {
                (await auditor.GetAsync("/api/ledger/verification")).EnsureSuccessStatusCode();
            }
            await LeaveASagaRunningAsync(payments, tokens, database);

            var scrapes = await Eventually.WaitForAsync(
                async () => new[] { await identity.ScrapeAsync(), await ledger.ScrapeAsync(), await payments.ScrapeAsync(), await notifications.ScrapeAsync() },
                all => all.Any(s => s.Value("jade_payments_saga_open", ("kind", "p2p")) is not null), Patience);
            return scrapes.SelectMany(s => s.Names).ToHashSet(StringComparer.Ordinal);
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    private static JadeServiceHost<T> Host<T>(string schema, TestDatabase database, TestVirtualHost vhost, TestTokens tokens, (string, string)[] settings)
        where T : class =>
        new(schema, database, vhost, tokens, settings.Concat([
            ("Outbox:BacklogSampleInterval", "00:00:00.200"),
            ("Payments:Saga:MetricsSampleInterval", "00:00:00.200"),
        ]).ToDictionary(s => s.Item1, s => s.Item2))
        { SharesInfrastructure = true };

    /// <summary>A P2P transfer between two customers announced as identity announces them; nobody answers its commands.</summary>
    private static async Task LeaveASagaRunningAsync(JadeServiceHost<PaymentsDb> payments, TestTokens tokens, TestDatabase database)
    {
        var (payer, payee) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var transport = payments.Services.GetRequiredService<IMessageTransport>();
        foreach (var customer in new[] { payer, payee })
        {
            var registered = new UserRegistered(customer, $"{customer:N}@example.com", "en", DateTimeOffset.UtcNow);
            await transport.PublishUntilAsync(new OutgoingMessage(Guid.CreateVersion7(), typeof(UserRegistered), registered, null),
                () => CountAsync(database, $"SELECT count(*) FROM payments.customers WHERE id = '{customer}'"), n => n == 1, Patience);
        }
        using var client = payments.ClientWith(tokens.Create(payer.ToString(), "payments", "payments"));
        (await client.PutAsJsonAsync("/api/payments/pin", new { pin = "135790" })).EnsureSuccessStatusCode();
        using var transfer = new HttpRequestMessage(HttpMethod.Post, "/api/payments/transfers")
        {
            Content = JsonContent.Create(new { payeeId = payee, amount = "1.00", currency = "CNY", pin = "135790" }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };
        (await client.SendAsync(transfer)).EnsureSuccessStatusCode();
    }

    private static async Task<long> CountAsync(TestDatabase database, string sql)
    {
        await using var connection = database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
