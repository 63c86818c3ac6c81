using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Contracts.Ledger;
using Jade.Payments.Cards;
using Jade.Payments.Orders;
using Jade.Payments.Tests.Transfers;

namespace Jade.Payments.Tests.Channels;

/// <summary>Withdrawals to a bound card against a scripted payout rail, with the real ledger and risk services.</summary>
public sealed class WithdrawalTests : MoneyStackFixture
{
    [SetUp]
    public void Script() => Stack.Channels.Reset();

    private async Task<(Guid Customer, HttpClient Client, Guid Card)> CustomerWithCardAsync(long funds, string holder = "王小明")
    {
        var id = await Stack.RegisterAsync($"withdraw.{Guid.NewGuid():N}@example.com");
        await Stack.FundAsync(id, funds);
        var client = Stack.Payments.Customer(id);
        await client.SetPinAsync();
        var bound = await client.PostAsJsonAsync("/api/payments/cards", new { cardNumber = "6200000000000005", holderName = holder });
        Assert.That(bound.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (id, client, (await bound.Content.ReadFromJsonAsync<BankCardView>())!.Id);
    }

    private static Task<HttpResponseMessage> WithdrawAsync(HttpClient client, Guid card, string amount, string pin = PaymentCalls.Pin) =>
        client.PostWithKeyAsync("/api/payments/withdrawals", new { cardId = card, amount, currency = "CNY", pin });

    private async Task<PaymentView> AcceptedAsync(HttpClient client, Guid card, string amount)
    {
        var response = await WithdrawAsync(client, card, amount);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PaymentView>())!;
    }

    private Task<HttpResponseMessage> NotifyAsync(PaymentView order, string type, string? failure = null) =>
        ScriptedChannels.NotifyAsync(Stack.Payments.CreateClient(), "payouts",
            ScriptedChannels.Notification(type, $"po_{order.Id}", order.Id, order.AmountMinor, failure));

    [Test]
    public async Task A_withdrawal_is_held_paid_out_and_posted_when_the_rail_confirms()
    {
        var (customer, client, card) = await CustomerWithCardAsync(10_000);
        var settlementBefore = await Stack.AccountAsync(LedgerAccounts.House(LedgerAccounts.BankTransferSettlement));

        var order = await AcceptedAsync(client, card, "20.00");
        await client.WaitForAsync(order.Id, PaymentStatuses.AwaitingPayout);
        var heldMeanwhile = await Stack.WalletAsync(customer);
        var payoutRequest = Stack.Channels.PayoutRail.LogEntries.Single(e => e.RequestMessage.Method == "POST").RequestMessage;
        await NotifyAsync(order, "payout.succeeded");
        var done = await client.WaitForAsync(order.Id, PaymentStatuses.Completed);

        Assert.Multiple(async () =>
        {
            Assert.That(order.Counterparty.MaskedName, Does.StartWith("6200 00").And.EndWith("0005"));
            Assert.That(heldMeanwhile, Is.EqualTo((8_000L, 2_000L)), "held, not yet gone, while the rail works");
            var sent = JsonDocument.Parse(payoutRequest.Body!).RootElement;
            Assert.That((sent.GetProperty("cardNumber").GetString(), sent.GetProperty("holderName").GetString()), Is.EqualTo(("6200000000000005", "王小明")),
                "the rail gets the full number and the holder");
            Assert.That(payoutRequest.Headers!["Idempotency-Key"].Single(), Is.EqualTo(order.Id.ToString("D")));
            Assert.That(done.Timeline.Select(t => t.Status), Is.SupersetOf(new[] { "funds_held", "screened", "paying_out", "payout_requested", "paid_out", "posting", "completed" }));
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((8_000L, 0L)));
            Assert.That((await Stack.AccountAsync(LedgerAccounts.House(LedgerAccounts.BankTransferSettlement))).Available,
                Is.EqualTo(settlementBefore.Available + 2_000));
        });
    }

    [Test]
    public async Task A_payout_the_rail_fails_releases_the_hold()
    {
        var (customer, client, card) = await CustomerWithCardAsync(10_000);

        var order = await AcceptedAsync(client, card, "20.00");
        await client.WaitForAsync(order.Id, PaymentStatuses.AwaitingPayout);
        await NotifyAsync(order, "payout.failed", "account_closed");
        var failed = await client.WaitForAsync(order.Id, PaymentStatuses.Failed);

        Assert.Multiple(async () =>
        {
            Assert.That(failed.FailureReason, Is.EqualTo(FailureReasons.PayoutFailed));
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((10_000L, 0L)));
        });
    }

    [Test]
    public async Task Without_a_notification_the_saga_asks_the_rail_and_finishes_on_its_answer()
    {
        var (customer, client, card) = await CustomerWithCardAsync(10_000);

        var order = await AcceptedAsync(client, card, "15.00");
        await client.WaitForAsync(order.Id, PaymentStatuses.AwaitingPayout);
        Stack.Channels.PayoutStatus($"po_{order.Id}", order.Id.ToString("D"), Jade.Payments.Channels.ChannelStatuses.Succeeded, 1_500);
        await client.WaitForAsync(order.Id, PaymentStatuses.Completed);

        Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((8_500L, 0L)));
    }

    /// <summary>An unreachable or throttling rail, and one whose answer is not its contract (a proxy's error page): each is no answer.</summary>
    [TestCase(503, "")]
    [TestCase(429, "")]
    [TestCase(200, "<html>gateway</html>")]
    public async Task While_the_rail_gives_no_usable_answer_the_money_stays_held_and_the_payout_is_retried(int status, string body)
    {
        var (customer, client, card) = await CustomerWithCardAsync(10_000);
        Stack.Channels.PayoutRail.Reset();
        Stack.Channels.PayoutRail.Given(WireMock.RequestBuilders.Request.Create().UsingAnyMethod())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(status).WithHeader("Content-Type", "text/html").WithBody(body));

        var order = await AcceptedAsync(client, card, "10.00");
        var stuck = await Jade.Testing.Eventually.WaitForAsync(() => client.DetailAsync(order.Id),
            d => d.Timeline.Any(t => t.Status == "resent"), TimeSpan.FromSeconds(30));
        Stack.Channels.Reset();
        await client.WaitForAsync(order.Id, PaymentStatuses.AwaitingPayout, TimeSpan.FromSeconds(60));

        Assert.Multiple(async () =>
        {
            Assert.That(stuck.Status, Is.EqualTo(PaymentStatuses.PayingOut));
            Assert.That(stuck.Timeline.Last(t => t.Status == "resent").Detail, Does.Contain("could not be reached"));
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((9_000L, 1_000L)), "held throughout");
        });
    }

    [Test]
    public async Task A_payout_whose_request_went_unanswered_completes_on_the_rails_notification_and_keeps_its_payout_id()
    {
        var (customer, client, card) = await CustomerWithCardAsync(10_000);
        Stack.Channels.PayoutRail.Reset();
        Stack.Channels.PayoutRail.Given(WireMock.RequestBuilders.Request.Create().UsingAnyMethod())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(503));
        var order = await AcceptedAsync(client, card, "15.00");
        await Jade.Testing.Eventually.WaitForAsync(() => client.DetailAsync(order.Id), d => d.Timeline.Any(t => t.Status == "resent"), TimeSpan.FromSeconds(30));

        // The rail did create the payout; only its answer was lost.
        await NotifyAsync(order, "payout.succeeded");
        await client.WaitForAsync(order.Id, PaymentStatuses.Completed);

        Assert.Multiple(async () =>
        {
            Assert.That(await Stack.TextAsync($"SELECT channel_object_id FROM payments.payment_orders WHERE id = '{order.Id}'"), Is.EqualTo($"po_{order.Id}"),
                "reconciliation finds the payout on the rail's statement by this id");
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((8_500L, 0L)));
        });
    }

    [Test]
    public async Task A_slow_payout_call_keeps_only_its_own_order_locked()
    {
        var (_, slowClient, slowCard) = await CustomerWithCardAsync(10_000);
        var (_, otherClient, otherCard) = await CustomerWithCardAsync(10_000);
        Stack.Channels.PayoutRail.Reset();
        Stack.Channels.PayoutRail.Given(WireMock.RequestBuilders.Request.Create().UsingAnyMethod())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(503));
        var slow = await AcceptedAsync(slowClient, slowCard, "10.00");
        var other = await AcceptedAsync(otherClient, otherCard, "10.00");
        await Jade.Testing.Eventually.WaitForAsync(() => otherClient.DetailAsync(other.Id), d => d.Timeline.Any(t => t.Status == "resent"), TimeSpan.FromSeconds(30));
        await Jade.Testing.Eventually.WaitForAsync(() => slowClient.DetailAsync(slow.Id), d => d.Timeline.Any(t => t.Status == "resent"), TimeSpan.FromSeconds(30));
        // The rail hangs on the first payout; both are due again, that one first.
        Stack.Channels.PayoutRail.Given(WireMock.RequestBuilders.Request.Create().WithBody(new WireMock.Matchers.WildcardMatcher($"*{slow.Id}*")).UsingPost())
            .AtPriority(1).RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(503).WithDelay(TimeSpan.FromSeconds(2)));
        await Stack.Payments.ColumnAsync($"""
            UPDATE payments.payment_orders SET deadline = now() - CASE id WHEN '{slow.Id}' THEN interval '2 seconds' ELSE interval '1 second' END
             WHERE id IN ('{slow.Id}', '{other.Id}') RETURNING id
            """);

        await Jade.Testing.Eventually.WaitForAsync(() => LockedAsync(slow.Id), locked => locked, TimeSpan.FromSeconds(10));
        await Task.Delay(300); // past the moment the sweep claims the due rows together
        var slowStillLocked = await LockedAsync(slow.Id);
        var otherLocked = await LockedAsync(other.Id);
        // Both requested in the end, so no resend of theirs reaches the rail while a later test counts its requests.
        Stack.Channels.Reset();
        await slowClient.WaitForAsync(slow.Id, PaymentStatuses.AwaitingPayout, TimeSpan.FromSeconds(60));
        await otherClient.WaitForAsync(other.Id, PaymentStatuses.AwaitingPayout, TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(slowStillLocked, Is.True, "the hanging call holds its own order");
            Assert.That(otherLocked, Is.False, "and nothing else: a reply or webhook for another order goes through");
        });
    }

    private async Task<bool> LockedAsync(Guid orderId)
    {
        try
        {
            await Stack.TextAsync($"SELECT id FROM payments.payment_orders WHERE id = '{orderId}' FOR UPDATE NOWAIT");
            return false;
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.LockNotAvailable)
        {
            return true;
        }
    }

    [Test]
    public async Task A_payout_the_rail_refuses_gives_the_money_back()
    {
        var (customer, client, card) = await CustomerWithCardAsync(10_000);
        Stack.Channels.PayoutRail.Reset();
        Stack.Channels.PayoutRail.Given(WireMock.RequestBuilders.Request.Create().WithPath("/payouts/v1/payouts").UsingPost())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(422).WithBodyAsJson(new { error = "card_not_supported" }));

        var order = await AcceptedAsync(client, card, "10.00");
        var failed = await client.WaitForAsync(order.Id, PaymentStatuses.Failed, TimeSpan.FromSeconds(60));

        Assert.Multiple(async () =>
        {
            Assert.That(failed.FailureReason, Is.EqualTo(FailureReasons.PayoutFailed));
            Assert.That(failed.Timeline.Single(t => t.Status == "payout_failed").Detail, Is.EqualTo("refused_by_rail"));
            Assert.That(Stack.Channels.PayoutRail.LogEntries.Count(e => e.RequestMessage.Method == "POST"), Is.EqualTo(1), "not asked again");
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((10_000L, 0L)));
        });
    }

    [Test]
    public async Task An_order_that_cannot_act_on_its_deadline_is_backed_off_without_holding_up_the_others()
    {
        var (_, brokenClient, brokenCard) = await CustomerWithCardAsync(10_000);
        var broken = await AcceptedAsync(brokenClient, brokenCard, "10.00");
        await brokenClient.WaitForAsync(broken.Id, PaymentStatuses.AwaitingPayout);
        // A payout due whose card cannot be found: acting on it throws, and it is the first due.
        await Stack.Payments.ColumnAsync($"""
            UPDATE payments.payment_orders SET status = '{PaymentStatuses.PayingOut}', bank_card_id = '{Guid.NewGuid()}', resends = 0,
                   deadline = now() - interval '1 minute'
             WHERE id = '{broken.Id}' RETURNING id
            """);

        var (customer, client, card) = await CustomerWithCardAsync(10_000);
        var order = await AcceptedAsync(client, card, "20.00");
        await client.WaitForAsync(order.Id, PaymentStatuses.AwaitingPayout);
        var backedOff = await Jade.Testing.Eventually.WaitForAsync(() => brokenClient.DetailAsync(broken.Id),
            d => d.Timeline.Any(t => t.Detail?.Contains("could not act") == true), TimeSpan.FromSeconds(30));

        Assert.Multiple(async () =>
        {
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((8_000L, 2_000L)));
            Assert.That(backedOff.Status, Is.EqualTo(PaymentStatuses.PayingOut), "left for an operator, its money still held");
            Assert.That((await Stack.Payments.ColumnAsync($"SELECT deadline > now() FROM payments.payment_orders WHERE id = '{broken.Id}'"))[0],
                Is.EqualTo("True"), "not retried on every sweep");
        });
    }

    [Test]
    public async Task A_card_holder_on_the_sanctions_list_is_reviewed_and_an_officers_decline_voids_it()
    {
        var (customer, client, card) = await CustomerWithCardAsync(10_000, holder: "Manuel Antonio Noriega");

        var order = await AcceptedAsync(client, card, "10.00");
        await client.WaitForAsync(order.Id, PaymentStatuses.InReview);
        var reasons = await Stack.TextAsync($"SELECT array_to_string(risk_reasons, ',') FROM payments.payment_orders WHERE id = '{order.Id}'");
        var caseId = await Jade.Testing.Eventually.WaitForAsync(
            () => Stack.TextAsync($"SELECT id FROM risk.cases WHERE subject_id = '{order.Id}'"), id => id is not null, TimeSpan.FromSeconds(10));
        using var officer = Stack.Officer();
        await officer.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision = "decline", comment = "SDN match confirmed." });
        var failed = await client.WaitForAsync(order.Id, PaymentStatuses.Failed);

        Assert.Multiple(async () =>
        {
            Assert.That(reasons, Does.Contain("sanctioned_payee"));
            Assert.That(failed.FailureReason, Is.EqualTo(FailureReasons.ReviewDeclined));
            Assert.That(Stack.Channels.PayoutRail.LogEntries, Is.Empty, "nothing was paid out");
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((10_000L, 0L)));
        });
    }

    [Test]
    public async Task Another_customers_card_cannot_be_withdrawn_to_and_bad_input_writes_nothing()
    {
        var (_, _, aliceCard) = await CustomerWithCardAsync(10_000);
        var (bob, bobClient, bobCard) = await CustomerWithCardAsync(10_000);

        var othersCard = await WithdrawAsync(bobClient, aliceCard, "1.00");
        var badAmount = await WithdrawAsync(bobClient, bobCard, "-1");
        var badPin = await WithdrawAsync(bobClient, bobCard, "1.00", pin: "12");
        var wrongPin = await WithdrawAsync(bobClient, bobCard, "1.00", pin: "000001");

        Assert.Multiple(async () =>
        {
            Assert.That(othersCard.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(badAmount.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(badPin.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(wrongPin.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await Stack.ScalarAsync($"SELECT count(*) FROM payments.payment_orders WHERE customer_id = '{bob}'"), Is.Zero);
        });
    }
}
