using System.Text.Json;
using Jade.Payments.Channels;
using Jade.Payments.Orders;
using Jade.Payments.Reconciliation;
using Jade.Payments.Tests.Transfers;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Jade.Payments.Tests.Channels;

/// <summary>Channel statements against what the ledger booked: every disagreement becomes one suspense item.</summary>
public sealed class ReconciliationTests : MoneyStackFixture
{
    private void Statement(string path, DateOnly date, params StatementLine[] lines) =>
        (path.StartsWith("acquiring", StringComparison.Ordinal) ? Stack.Channels.Acquirer : Stack.Channels.PayoutRail)
            .Given(Request.Create().WithPath($"/{path}").WithParam("date", date.ToString("yyyy-MM-dd")).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new Statement(date, lines), true));

    private async Task<ReconciliationReport> ReconcileAsync(DateOnly date)
    {
        await using var scope = Stack.Payments.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Reconciler>().ReconcileAsync(date, CancellationToken.None);
    }

    [Test]
    public async Task Matching_books_open_nothing_and_every_kind_of_difference_opens_one_item_once()
    {
        Stack.Channels.Reset();
        var customer = await Stack.RegisterAsync($"recon.{Guid.NewGuid():N}@example.com");
        var client = Stack.Payments.Customer(customer);
        async Task<PaymentView> CompletedTopUpAsync(string amount, long minor)
        {
            var response = await client.PostWithKeyAsync("/api/payments/topups", new { amount });
            var order = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("payment").Deserialize<PaymentView>(JsonSerializerOptions.Web)!;
            await ScriptedChannels.NotifyAsync(Stack.Payments.CreateClient(), "acquirer",
                ScriptedChannels.Notification("charge.succeeded", $"ch_{order.Id}", order.Id, minor));
            return await client.WaitForAsync(order.Id, PaymentStatuses.Completed);
        }
        var matched = await CompletedTopUpAsync("10.00", 1_000);
        var missingAtChannel = await CompletedTopUpAsync("20.00", 2_000);
        var date = DateOnly.FromDateTime(matched.CompletedAt!.Value.UtcDateTime);
        var stranger = Guid.CreateVersion7();
        Statement("acquiring/v1/statements", date,
            new StatementLine($"ch_{matched.Id}", matched.Id.ToString("D"), "charge", 1_000, "CNY", DateTimeOffset.UtcNow),
            new StatementLine("ch_unknown", stranger.ToString("D"), "charge", 5_000, "CNY", DateTimeOffset.UtcNow));
        Statement("payouts/v1/statements", date);

        var first = await ReconcileAsync(date);
        var again = await ReconcileAsync(date);
        var reasons = await Stack.TextAsync("SELECT string_agg(reason || ':' || coalesce(reference, ''), ',' ORDER BY reason) FROM payments.suspense_items");

        Assert.Multiple(() =>
        {
            Assert.That(first.NewSuspenseItems, Is.EqualTo(2));
            Assert.That(again.NewSuspenseItems, Is.Zero, "re-running a day adds nothing new");
            Assert.That(reasons, Is.EqualTo($"{SuspenseReasons.NotSettled}:{missingAtChannel.Id},{SuspenseReasons.UnknownReference}:{stranger}"));
        });
    }

    [Test]
    public async Task A_payment_settled_just_before_midnight_and_booked_just_after_is_not_reported_unsettled()
    {
        Stack.Channels.Reset();
        var customer = await Stack.RegisterAsync($"recon.{Guid.NewGuid():N}@example.com");
        var client = Stack.Payments.Customer(customer);
        var response = await client.PostWithKeyAsync("/api/payments/topups", new { amount = "30.00" });
        var order = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("payment").Deserialize<PaymentView>(JsonSerializerOptions.Web)!;
        await ScriptedChannels.NotifyAsync(Stack.Payments.CreateClient(), "acquirer",
            ScriptedChannels.Notification("charge.succeeded", $"ch_{order.Id}", order.Id, 3_000));
        await client.WaitForAsync(order.Id, PaymentStatuses.Completed);
        // A day of its own, far from the other tests' orders: the charge settled at 23:59:58, the ledger confirmed at 00:00:03.
        var date = new DateOnly(2031, 3, 14);
        await Stack.TextAsync($"UPDATE payments.payment_orders SET completed_at = '{date:yyyy-MM-dd}T00:00:03Z' WHERE id = '{order.Id}' RETURNING id");
        Statement("acquiring/v1/statements", date);
        Statement("acquiring/v1/statements", date.AddDays(-1),
            new StatementLine($"ch_{order.Id}", order.Id.ToString("D"), "charge", 3_000, "CNY", new DateTimeOffset(2031, 3, 13, 23, 59, 58, TimeSpan.Zero)));
        Statement("payouts/v1/statements", date);

        var report = await ReconcileAsync(date);

        Assert.That(report.Findings, Is.Empty);
        Assert.That(report.OrdersChecked, Is.EqualTo(1), "the order was looked at");
    }
}
