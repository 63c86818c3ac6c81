using Jade.Payments.Orders;
using Jade.Payments.Tests.Transfers;
using Jade.Testing;

namespace Jade.Payments.Tests.Sagas;

/// <summary>
/// The stuck-saga gauges, as the alerts read them from <c>/metrics</c>. Payments runs alone: no ledger or risk answers,
/// so a transfer stays accepted — a saga stuck for real. The sweeper sleeps after its first pass, so a deadline moved
/// into the past stays passed, as when nothing acts on it.
/// </summary>
public sealed class SagaMetricsTests
{
    private const string Open = "jade_payments_saga_open";
    private const string OldestAge = "jade_payments_saga_oldest_open_age_seconds";
    private const string Overdue = "jade_payments_saga_deadline_overdue_seconds";
    private static readonly (string, string)[] AcceptedTransfers = [("kind", PaymentKinds.PeerToPeer), ("status", PaymentStatuses.Accepted)];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private PaymentsApp _app = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _app = new PaymentsApp(await TestDatabase.CreateAsync(PaymentsDb.Schema), await TestVirtualHost.CreateAsync(), new Dictionary<string, string>
        {
            ["Payments:Saga:MetricsSampleInterval"] = "00:00:00.200",
            ["Payments:Saga:SweepInterval"] = "01:00:00",
        });
        await _app.WaitUntilHealthyAsync();
    }

    [TearDown]
    public async Task StopAsync() => await _app.DisposeAsync();

    [Test]
    public async Task A_transfer_nobody_answers_is_an_open_saga_whose_age_and_overdue_deadline_the_gauges_follow()
    {
        var payer = _app.Customer(await _app.RegisterAsync("payer"));
        await payer.SetPinAsync();
        var order = await payer.SendAcceptedAsync(await _app.RegisterAsync("payee"), "12.34");

        var fresh = await Eventually.WaitForAsync(ScrapeAsync, s => s.Value(Open, AcceptedTransfers) == 1, Patience);
        Assert.Multiple(() =>
        {
            Assert.That(fresh.Value(Open, AcceptedTransfers), Is.EqualTo(1));
            Assert.That(fresh.Value(OldestAge, AcceptedTransfers), Is.InRange(0, 60));
            Assert.That(fresh.Value(Overdue, AcceptedTransfers), Is.Zero, "its step deadline is still ahead");
        });

        await ExecuteAsync($"UPDATE payments.payment_orders SET created_at = now() - interval '20 minutes', deadline = now() - interval '5 minutes' WHERE id = '{order.Id}'");
        var stuck = await Eventually.WaitForAsync(ScrapeAsync, s => s.Value(Overdue, AcceptedTransfers) >= 300, Patience);
        Assert.Multiple(() =>
        {
            Assert.That(stuck.Value(OldestAge, AcceptedTransfers), Is.InRange(1200, 1260));
            Assert.That(stuck.Value(Overdue, AcceptedTransfers), Is.InRange(300, 360));
        });

        await ExecuteAsync($"UPDATE payments.payment_orders SET status = 'completed', deadline = NULL WHERE id = '{order.Id}'");
        var finished = await Eventually.WaitForAsync(ScrapeAsync, s => s.Value(Open, AcceptedTransfers) is null, Patience);
        Assert.That(finished.Value(OldestAge, AcceptedTransfers), Is.Null, "a kind and status without live sagas has no series");
    }

    private async Task<MetricsScrape> ScrapeAsync()
    {
        using var client = _app.CreateClient();
        return await MetricsScrape.FromAsync(client);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = _app.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
