using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Contracts.Ledger;
using Jade.Payments.Channels;
using Jade.Payments.Orders;
using Jade.Payments.Tests.Transfers;
using Jade.Testing;

namespace Jade.Payments.Tests.Channels;

/// <summary>Top-ups against a scripted card acquirer, with the real ledger crediting the wallet.</summary>
public sealed partial class TopUpTests : MoneyStackFixture
{
    [SetUp]
    public void Script() => Stack.Channels.Reset();

    private async Task<(Guid Customer, HttpClient Client)> CustomerAsync()
    {
        var id = await Stack.RegisterAsync($"topup.{Guid.NewGuid():N}@example.com");
        return (id, Stack.Payments.Customer(id));
    }

    private static async Task<(HttpResponseMessage Response, PaymentView? Order, string? ConfirmUrl)> TopUpAsync(HttpClient client, string amount, string? key = null)
    {
        var response = await client.PostWithKeyAsync("/api/payments/topups", new { amount, currency = "CNY" }, key);
        if (response.StatusCode != HttpStatusCode.Created) return (response, null, null);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response, body.GetProperty("payment").Deserialize<PaymentView>(JsonSerializerOptions.Web), body.GetProperty("confirmUrl").GetString());
    }

    private Task<HttpResponseMessage> NotifyAsync(PaymentView order, string type, string? failure = null, long? amount = null) =>
        ScriptedChannels.NotifyAsync(Stack.Payments.CreateClient(), "acquirer",
            ScriptedChannels.Notification(type, $"ch_{order.Id}", order.Id, amount ?? order.AmountMinor, failure));

    [Test]
    public async Task A_confirmed_charge_credits_the_wallet_once_however_often_it_is_notified()
    {
        var (customer, client) = await CustomerAsync();
        var settlementBefore = await Stack.AccountAsync(LedgerAccounts.House(LedgerAccounts.CardSettlement));

        var (response, order, confirmUrl) = await TopUpAsync(client, "100.00");
        var created = Stack.Channels.Acquirer.LogEntries.Single().RequestMessage;
        var notification = ScriptedChannels.Notification("charge.succeeded", $"ch_{order!.Id}", order.Id, 10_000);
        var first = await ScriptedChannels.NotifyAsync(Stack.Payments.CreateClient(), "acquirer", notification);
        var done = await client.WaitForAsync(order.Id, PaymentStatuses.Completed);
        var again = await ScriptedChannels.NotifyAsync(Stack.Payments.CreateClient(), "acquirer", notification);
        await Task.Delay(500);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
            Assert.That(confirmUrl, Does.EndWith("/pay"));
            Assert.That(order.Direction, Is.EqualTo("incoming"));
            Assert.That(created.Headers!["Idempotency-Key"].Single(), Is.EqualTo(order.Id.ToString("D")));
            Assert.That(created.Headers![ChannelSignature.SignatureHeader].Single(), Is.EqualTo(ChannelSignature.ForRequest(ScriptedChannels.AcquirerSecret,
                long.Parse(created.Headers[ChannelSignature.TimestampHeader].Single()), "POST", "/acquiring/v1/charges", created.Body!)),
                "the request to the acquirer is signed over its method, path and body");
            Assert.That(created.Body, Does.Contain("\"notifyUrl\":").And.Contain("webhooks/payments/acquirer"));
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(done.Timeline.Select(t => t.Status), Is.EqualTo(new[] { "accepted", "charge_created", "charge_succeeded", "posting", "completed" }));
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((10_000L, 0L)));
            Assert.That((await Stack.AccountAsync(LedgerAccounts.House(LedgerAccounts.CardSettlement))).Available, Is.EqualTo(settlementBefore.Available - 10_000));
        });
    }

    [Test]
    public async Task Unsigned_wrongly_signed_or_stale_notifications_are_refused_and_change_nothing()
    {
        var (customer, client) = await CustomerAsync();
        var (_, order, _) = await TopUpAsync(client, "50.00");
        var payments = Stack.Payments.CreateClient();
        var notification = ScriptedChannels.Notification("charge.succeeded", $"ch_{order!.Id}", order.Id, 5_000);

        var unsigned = await ScriptedChannels.NotifyAsync(payments, "acquirer", notification, sign: false);
        var wrongKey = await ScriptedChannels.NotifyAsync(payments, "acquirer", notification, secret: "not-the-acquirers-secret");
        var otherChannelsKey = await ScriptedChannels.NotifyAsync(payments, "acquirer", notification, secret: ScriptedChannels.PayoutSecret);
        var stale = await ScriptedChannels.NotifyAsync(payments, "acquirer", notification, signedAt: DateTimeOffset.UtcNow.AddMinutes(-10));
        await Task.Delay(500);

        Assert.Multiple(async () =>
        {
            Assert.That(new[] { unsigned, wrongKey, otherChannelsKey, stale }.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await client.DetailAsync(order.Id)).Status, Is.EqualTo(PaymentStatuses.AwaitingConfirmation));
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((0L, 0L)));
            Assert.That(await Stack.ScalarAsync($"SELECT count(*) FROM payments.channel_notifications WHERE reference = '{order.Id}'"), Is.Zero);
            Assert.That(Stack.Payments.Logs.Lines, Has.Some.Contains("Rejected a acquirer notification"));
        });
    }

    [Test]
    public async Task A_failure_notified_after_the_success_does_not_undo_the_credit()
    {
        var (customer, client) = await CustomerAsync();
        var (_, order, _) = await TopUpAsync(client, "30.00");

        await NotifyAsync(order!, "charge.succeeded");
        await client.WaitForAsync(order!.Id, PaymentStatuses.Completed);
        var late = await NotifyAsync(order, "charge.failed", "card_declined");
        await Task.Delay(500);

        Assert.Multiple(async () =>
        {
            Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await client.DetailAsync(order.Id)).Status, Is.EqualTo(PaymentStatuses.Completed));
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((3_000L, 0L)));
            Assert.That(await Stack.TextAsync($"SELECT string_agg(outcome, ',' ORDER BY received_at) FROM payments.channel_notifications WHERE reference = '{order.Id}'"),
                Is.EqualTo("applied,ignored"));
        });
    }

    [Test]
    public async Task A_declined_card_fails_the_top_up_and_credits_nothing()
    {
        var (customer, client) = await CustomerAsync();
        var (_, order, _) = await TopUpAsync(client, "30.00");

        await NotifyAsync(order!, "charge.failed", "card_declined");
        var failed = await client.WaitForAsync(order!.Id, PaymentStatuses.Failed);

        Assert.That(failed.FailureReason, Is.EqualTo(FailureReasons.CardDeclined));
        Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task A_charge_never_confirmed_times_out_and_a_late_success_still_credits_the_customer()
    {
        var (customer, client) = await CustomerAsync();
        var (_, order, _) = await TopUpAsync(client, "40.00");
        Stack.Channels.ChargeStatus($"ch_{order!.Id}", order.Id.ToString("D"), ChannelStatuses.Pending, 4_000);

        var timedOut = await client.WaitForAsync(order.Id, PaymentStatuses.Failed);
        await NotifyAsync(order, "charge.succeeded");
        var credited = await client.WaitForAsync(order.Id, PaymentStatuses.Completed);

        Assert.Multiple(async () =>
        {
            Assert.That(timedOut.FailureReason, Is.EqualTo(FailureReasons.ConfirmationTimeout));
            Assert.That(Stack.Channels.Acquirer.LogEntries.Count(e => e.RequestMessage.Method == "GET"), Is.GreaterThanOrEqualTo(1), "the acquirer was asked");
            Assert.That(credited.FailureReason, Is.Null);
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((4_000L, 0L)));
        });
    }

    [Test]
    public async Task A_success_found_by_the_status_query_credits_without_any_notification()
    {
        var (customer, client) = await CustomerAsync();
        var (_, order, _) = await TopUpAsync(client, "25.00");
        Stack.Channels.ChargeStatus($"ch_{order!.Id}", order.Id.ToString("D"), ChannelStatuses.Succeeded, 2_500);

        await client.WaitForAsync(order.Id, PaymentStatuses.Completed);

        Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((2_500L, 0L)));
    }

    [Test]
    public async Task When_the_acquirer_is_down_the_customer_is_told_and_nothing_is_charged()
    {
        var (customer, client) = await CustomerAsync();
        Stack.Channels.Acquirer.Reset();
        Stack.Channels.Acquirer.Given(WireMock.RequestBuilders.Request.Create().UsingAnyMethod())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(503));

        var (response, _, _) = await TopUpAsync(client, "10.00");
        var orders = await client.GetFromJsonAsync<PaymentPage>("/api/payments/orders", JsonSerializerOptions.Web);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(orders!.Items.Single().FailureReason, Is.EqualTo(FailureReasons.ChannelUnavailable));
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((0L, 0L)));
        });
    }

    [Test]
    public async Task A_top_up_its_deadline_failed_while_the_acquirer_answered_stays_failed_and_nobody_is_sent_to_pay()
    {
        var (customer, client) = await CustomerAsync();
        var key = Guid.NewGuid().ToString();
        Stack.Channels.Acquirer.Reset();
        Stack.Channels.Acquirer.Given(WireMock.RequestBuilders.Request.Create().WithPath("/acquiring/v1/charges").UsingPost())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(request =>
            {
                var reference = JsonDocument.Parse(request.Body!).RootElement.GetProperty("reference").GetString();
                // What the sweeper does to an order whose acquirer has not answered by its deadline.
                Stack.TextAsync($"""
                    UPDATE payments.payment_orders SET status = '{PaymentStatuses.Failed}', failure_reason = '{FailureReasons.ChannelUnavailable}', deadline = NULL
                     WHERE id = '{reference}' RETURNING id
                    """).GetAwaiter().GetResult();
                return new WireMock.ResponseMessage
                {
                    StatusCode = 201,
                    BodyData = new WireMock.Util.BodyData
                    {
                        BodyAsJson = new Charge($"ch_{reference}", reference!, ChannelStatuses.Pending, 1_000, "CNY", $"{Stack.Channels.Acquirer.Url}/pay",
                            null, null, DateTimeOffset.UtcNow, null),
                        DetectedBodyType = WireMock.Types.BodyType.Json,
                    },
                };
            }));

        var (late, _, _) = await TopUpAsync(client, "10.00", key);
        var order = (await client.GetFromJsonAsync<PaymentPage>("/api/payments/orders", JsonSerializerOptions.Web))!.Items.Single();
        Stack.Channels.Reset();
        var (retry, _, _) = await TopUpAsync(client, "10.00", key);

        Assert.Multiple(async () =>
        {
            Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await late.Content.ReadAsStringAsync());
            Assert.That((order.Status, order.FailureReason), Is.EqualTo((PaymentStatuses.Failed, FailureReasons.ChannelUnavailable)),
                "not reopened by the stale copy the request held");
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the key was given back with the 503");
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((0L, 0L)));
        });
    }

    [TestCase("0")]
    [TestCase("12.345")]
    [TestCase("lots")]
    [TestCase("10000.01")] // the stack lifts the unverified per-payment limit to 10,000.00
    public async Task A_bad_or_oversized_amount_is_refused_before_the_acquirer_is_called(string amount)
    {
        var (customer, client) = await CustomerAsync();

        var (response, _, _) = await TopUpAsync(client, amount);

        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.AnyOf(400, 422));
            Assert.That(Stack.Channels.Acquirer.LogEntries, Is.Empty);
            Assert.That(await Stack.ScalarAsync($"SELECT count(*) FROM payments.payment_orders WHERE customer_id = '{customer}'"), Is.Zero);
        });
    }

    [Test]
    public async Task An_oversized_top_up_names_the_limit_it_passed()
    {
        var (_, client) = await CustomerAsync();

        var (response, _, _) = await TopUpAsync(client, "10000.01");
        var limit = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("limit");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((limit.GetProperty("which").GetString(), limit.GetProperty("limitMinor").GetInt64(), limit.GetProperty("kycLevel").GetInt32()),
            Is.EqualTo(("per_transaction", 1_000_000L, 1)));
    }

    [Test]
    public async Task A_notification_for_an_amount_the_order_does_not_have_is_recorded_as_unmatched_and_credits_nothing()
    {
        var (customer, client) = await CustomerAsync();
        var (_, order, _) = await TopUpAsync(client, "10.00");

        var response = await NotifyAsync(order!, "charge.succeeded", amount: 1_000_000);
        await Task.Delay(500);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await client.DetailAsync(order!.Id)).Status, Is.EqualTo(PaymentStatuses.AwaitingConfirmation));
            Assert.That(await Stack.TextAsync($"SELECT outcome FROM payments.channel_notifications WHERE reference = '{order.Id}'"), Is.EqualTo("unmatched"));
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((0L, 0L)));
        });
    }
}
