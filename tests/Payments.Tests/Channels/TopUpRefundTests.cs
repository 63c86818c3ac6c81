using System.Net;
using System.Text.Json;
using Jade.Contracts.Ledger;
using Jade.Payments.Channels;
using Jade.Payments.Orders;
using Jade.Payments.Reconciliation;
using Jade.Payments.Tests.Transfers;
using Jade.Testing;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Jade.Payments.Tests.Channels;

/// <summary>
/// The top-up's compensation: a charge the ledger will not credit (the wallet is frozen) goes back to the card, exactly
/// once, and a refund that fails is put in front of an operator at once.
/// </summary>
public sealed class TopUpRefundTests : MoneyStackFixture
{
    [SetUp]
    public void Script() => Stack.Channels.Reset();

    private async Task<(Guid Customer, HttpClient Client)> CustomerAsync(bool frozen)
    {
        var customer = await Stack.RegisterAsync($"refund.{Guid.NewGuid():N}@example.com");
        if (frozen) await Stack.FreezeWalletAsync(customer);
        return (customer, Stack.Payments.Customer(customer));
    }

    /// <summary>A top-up the acquirer reports charged.</summary>
    private async Task<PaymentView> ChargedTopUpAsync(HttpClient client, string amount, long minor)
    {
        var response = await client.PostWithKeyAsync("/api/payments/topups", new { amount, currency = "CNY" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var order = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("payment").Deserialize<PaymentView>(JsonSerializerOptions.Web)!;
        await Notify("charge.succeeded", $"ch_{order.Id}", order.Id, minor);
        return order;
    }

    /// <summary>A customer whose wallet is frozen, with a top-up the acquirer charged: the ledger refuses the credit.</summary>
    private async Task<(Guid Customer, HttpClient Client, PaymentView Order)> RefusedTopUpAsync(string amount, long minor)
    {
        var (customer, client) = await CustomerAsync(frozen: true);
        return (customer, client, await ChargedTopUpAsync(client, amount, minor));
    }

    /// <summary>A refused top-up whose refund the acquirer notified as done.</summary>
    private async Task<PaymentDetail> RefundedTopUpAsync(string amount, long minor)
    {
        var (_, client, order) = await RefusedTopUpAsync(amount, minor);
        await client.WaitForAsync(order.Id, PaymentStatuses.AwaitingRefund);
        await Notify("refund.succeeded", $"re_{order.Id}", order.Id, minor);
        return await client.WaitForAsync(order.Id, PaymentStatuses.Failed);
    }

    private Task<HttpResponseMessage> Notify(string type, string objectId, Guid order, long amount, string? failure = null) =>
        ScriptedChannels.NotifyAsync(Stack.Payments.CreateClient(), "acquirer", ScriptedChannels.Notification(type, objectId, order, amount, failure));

    private IEnumerable<WireMock.Logging.ILogEntry> RefundRequests(Guid order) => Stack.Channels.Acquirer.LogEntries
        .Where(e => e.RequestMessage.Method == "POST" && e.RequestMessage.Path == "/acquiring/v1/refunds" && e.RequestMessage.Body!.Contains(order.ToString("D")));

    private Task<long> SuspenseAsync(Guid order, string reason) =>
        Stack.ScalarAsync($"SELECT count(*) FROM payments.suspense_items WHERE order_id = '{order}' AND reason = '{reason}'");

    [Test]
    public async Task A_charge_the_wallet_cannot_take_is_refunded_to_the_card_once_however_often_the_refund_is_notified()
    {
        var settlementBefore = await Stack.AccountAsync(LedgerAccounts.House(LedgerAccounts.CardSettlement));
        var (customer, client, order) = await RefusedTopUpAsync("80.00", 8_000);

        var waiting = await client.WaitForAsync(order.Id, PaymentStatuses.AwaitingRefund);
        var request = RefundRequests(order.Id).Single().RequestMessage;
        var refunded = ScriptedChannels.Notification("refund.succeeded", $"re_{order.Id}", order.Id, 8_000);
        var first = await ScriptedChannels.NotifyAsync(Stack.Payments.CreateClient(), "acquirer", refunded);
        var done = await client.WaitForAsync(order.Id, PaymentStatuses.Failed);
        var again = await ScriptedChannels.NotifyAsync(Stack.Payments.CreateClient(), "acquirer", refunded);
        await Task.Delay(500);
        var body = JsonDocument.Parse(request.Body!).RootElement;

        Assert.Multiple(async () =>
        {
            Assert.That(waiting.Timeline.Select(t => t.Status), Is.EqualTo(new[] { "accepted", "charge_created", "charge_succeeded", "posting", "credit_refused", "refund_requested" }));
            Assert.That(waiting.Timeline.Single(t => t.Status == "credit_refused").Detail, Is.EqualTo("credit_account_already_closed"));
            Assert.That(request.Headers!["Idempotency-Key"].Single(), Is.EqualTo(order.Id.ToString("D")));
            Assert.That(request.Headers![ChannelSignature.SignatureHeader].Single(), Is.EqualTo(ChannelSignature.ForRequest(ScriptedChannels.AcquirerSecret,
                long.Parse(request.Headers[ChannelSignature.TimestampHeader].Single()), "POST", "/acquiring/v1/refunds", request.Body!)),
                "the refund request is signed like every request to the acquirer");
            Assert.That((body.GetProperty("chargeId").GetString(), body.GetProperty("amount").GetInt64(), body.GetProperty("currency").GetString()),
                Is.EqualTo(($"ch_{order.Id}", 8_000L, "CNY")), "the whole charge goes back");
            Assert.That(body.GetProperty("notifyUrl").GetString(), Does.EndWith("webhooks/payments/acquirer"));
            Assert.That((first.StatusCode, again.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
            Assert.That(done.FailureReason, Is.EqualTo(FailureReasons.RefundedToCard));
            Assert.That(done.Timeline.Select(t => t.Status).TakeLast(2), Is.EqualTo(new[] { "refunded", "failed" }));
            Assert.That(RefundRequests(order.Id).Count(), Is.EqualTo(1), "one refund request");
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((0L, 0L)));
            Assert.That(await Stack.AccountAsync(LedgerAccounts.House(LedgerAccounts.CardSettlement)), Is.EqualTo(settlementBefore), "the ledger booked nothing");
            Assert.That(await Stack.TextAsync($"SELECT string_agg(outcome, ',' ORDER BY received_at) FROM payments.channel_notifications WHERE reference = '{order.Id}'"),
                Is.EqualTo("applied,applied"), "the repeated refund notification is recognised by its event id and not recorded again");
            var outcome = (await Stack.OutcomesAsync(order.Id)).Single();
            Assert.That((outcome.Type, outcome.Payload.GetProperty("reason").GetString()), Is.EqualTo(("PaymentFailed", FailureReasons.RefundedToCard)));
            Assert.That(await SuspenseAsync(order.Id, SuspenseReasons.RefundFailed), Is.Zero);
        });
    }

    [Test]
    public async Task A_refund_the_acquirer_never_notifies_is_found_by_asking_it()
    {
        var (_, client, order) = await RefusedTopUpAsync("15.00", 1_500);
        await client.WaitForAsync(order.Id, PaymentStatuses.AwaitingRefund);

        Stack.Channels.RefundStatus($"re_{order.Id}", $"ch_{order.Id}", order.Id.ToString("D"), ChannelStatuses.Succeeded, 1_500);
        var done = await client.WaitForAsync(order.Id, PaymentStatuses.Failed);

        Assert.Multiple(() =>
        {
            Assert.That(done.FailureReason, Is.EqualTo(FailureReasons.RefundedToCard));
            Assert.That(Stack.Channels.Acquirer.LogEntries.Count(e => e.RequestMessage.Method == "GET" && e.RequestMessage.Path == $"/acquiring/v1/refunds/re_{order.Id}"),
                Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public async Task A_failed_refund_leaves_the_order_for_an_operator_with_a_suspense_item_opened_at_once()
    {
        var (customer, client, order) = await RefusedTopUpAsync("60.00", 6_000);
        await client.WaitForAsync(order.Id, PaymentStatuses.AwaitingRefund);

        await Notify("refund.failed", $"re_{order.Id}", order.Id, 6_000, "card_closed");
        var done = await client.WaitForAsync(order.Id, PaymentStatuses.Failed);

        Assert.Multiple(async () =>
        {
            Assert.That(done.FailureReason, Is.EqualTo(FailureReasons.LedgerRejected), "charged and not credited: the customer is told our team will put it right");
            Assert.That(done.Timeline.Single(t => t.Status == "refund_failed").Detail, Is.EqualTo("card_closed"));
            Assert.That(await SuspenseAsync(order.Id, SuspenseReasons.RefundFailed), Is.EqualTo(1));
            Assert.That(await Stack.TextAsync($"SELECT object_id || ' ' || channel_amount FROM payments.suspense_items WHERE order_id = '{order.Id}'"),
                Is.EqualTo($"re_{order.Id} 6000"));
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((0L, 0L)));
            Assert.That(Stack.Payments.Logs.Lines, Has.Some.Contains($"The refund of top-up {order.Id}"));
        });
    }

    [Test]
    public async Task A_refund_the_acquirer_refuses_outright_is_not_asked_again_and_opens_a_suspense_item()
    {
        Stack.Channels.Acquirer.Given(Request.Create().WithPath("/acquiring/v1/refunds").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(409).WithBody("""{"title":"The charge is disputed."}"""));
        var (_, client, order) = await RefusedTopUpAsync("12.00", 1_200);

        var done = await client.WaitForAsync(order.Id, PaymentStatuses.Failed);
        await Task.Delay(1_000);

        Assert.Multiple(async () =>
        {
            Assert.That(done.FailureReason, Is.EqualTo(FailureReasons.LedgerRejected));
            Assert.That(RefundRequests(order.Id).Count(), Is.EqualTo(1), "a refusal is an answer; it is not retried");
            Assert.That(await SuspenseAsync(order.Id, SuspenseReasons.RefundFailed), Is.EqualTo(1));
        });
    }

    /// <summary>An acquirer that is down, or throttling us: neither has said no to the refund.</summary>
    [TestCase(503)]
    [TestCase(429)]
    public async Task An_unreachable_acquirer_is_asked_again_for_the_same_refund(int status)
    {
        Stack.Channels.Acquirer.Given(Request.Create().WithPath("/acquiring/v1/refunds").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status));
        var (_, client, order) = await RefusedTopUpAsync("9.00", 900);
        var waiting = await Eventually.WaitForAsync(() => client.DetailAsync(order.Id), d => d.Timeline.Any(t => t.Status == "resent"), TimeSpan.FromSeconds(30));

        Stack.Channels.Reset();
        var requested = await client.WaitForAsync(order.Id, PaymentStatuses.AwaitingRefund, TimeSpan.FromSeconds(45));

        Assert.Multiple(() =>
        {
            Assert.That(waiting.Status, Is.EqualTo(PaymentStatuses.Refunding));
            Assert.That(waiting.Timeline.Single(t => t.Status == "resent").Detail, Does.Contain("the acquirer could not be reached"));
            Assert.That(RefundRequests(order.Id).Select(e => e.RequestMessage.Headers!["Idempotency-Key"].Single()).Distinct(),
                Is.EqualTo(new[] { order.Id.ToString("D") }), "every attempt carries the same key, so the acquirer refunds once");
            Assert.That(requested.Timeline.Last().Detail, Is.EqualTo($"re_{order.Id}"));
        });
    }

    [Test]
    public async Task A_refund_notification_for_a_top_up_that_was_credited_changes_nothing()
    {
        var (customer, client) = await CustomerAsync(frozen: false);
        var order = await ChargedTopUpAsync(client, "5.00", 500);
        await client.WaitForAsync(order.Id, PaymentStatuses.Completed);

        var stray = await Notify("refund.succeeded", $"re_{order.Id}", order.Id, 500);
        await Task.Delay(500);

        Assert.Multiple(async () =>
        {
            Assert.That(stray.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await client.DetailAsync(order.Id)).Status, Is.EqualTo(PaymentStatuses.Completed));
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((500L, 0L)));
            Assert.That(await Stack.TextAsync($"SELECT string_agg(outcome, ',' ORDER BY received_at) FROM payments.channel_notifications WHERE reference = '{order.Id}'"),
                Is.EqualTo("applied,ignored"));
        });
    }

    [Test]
    public async Task Reconciliation_accepts_a_charge_and_its_refund_and_reports_a_refund_missing_or_unexpected()
    {
        var refunded = await RefundedTopUpAsync("30.00", 3_000);
        var unlisted = await RefundedTopUpAsync("40.00", 4_000);
        var (_, client) = await CustomerAsync(frozen: false);
        var credited = await client.WaitForAsync((await ChargedTopUpAsync(client, "7.00", 700)).Id, PaymentStatuses.Completed);
        var date = DateOnly.FromDateTime(refunded.Timeline.Last().At.UtcDateTime);
        var now = DateTimeOffset.UtcNow;
        Stack.Channels.Acquirer.Given(Request.Create().WithPath("/acquiring/v1/statements").WithParam("date", date.ToString("yyyy-MM-dd")).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new Statement(date,
            [
                new($"ch_{refunded.Id}", refunded.Id.ToString("D"), StatementKinds.Charge, 3_000, "CNY", now),
                new($"re_{refunded.Id}", refunded.Id.ToString("D"), StatementKinds.Refund, 3_000, "CNY", now),
                new($"ch_{unlisted.Id}", unlisted.Id.ToString("D"), StatementKinds.Charge, 4_000, "CNY", now),
                new($"ch_{credited.Id}", credited.Id.ToString("D"), StatementKinds.Charge, 700, "CNY", now),
                new($"re_{credited.Id}", credited.Id.ToString("D"), StatementKinds.Refund, 700, "CNY", now),
            ]), true));
        Stack.Channels.PayoutRail.Given(Request.Create().WithPath("/payouts/v1/statements").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new Statement(date, []), true));

        await using var scope = Stack.Payments.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Reconciler>().ReconcileAsync(date, CancellationToken.None);
        var items = await Stack.TextAsync($"""
            SELECT string_agg(reason || ':' || object_id, ',' ORDER BY reason)
            FROM payments.suspense_items WHERE order_id IN ('{refunded.Id}', '{unlisted.Id}', '{credited.Id}')
            """);

        Assert.That(items, Is.EqualTo($"{SuspenseReasons.NotSettled}:re_{unlisted.Id},{SuspenseReasons.UnexpectedRefund}:re_{credited.Id}"),
            "the refunded charge reconciles; a refund missing from the statement and one for a credited top-up do not");
    }
}
