using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Payments.Orders;
using Jade.Testing;

namespace Jade.Payments.Tests.Transfers;

/// <summary>
/// Every path of the P2P saga against the real ledger and risk services. Each test uses its own customers, so tests
/// share the stack but never a wallet; the ledger must verify once they have all run.
/// </summary>
public sealed class TransferJourneyTests : MoneyStackFixture
{
    private async Task<(Guid Id, HttpClient Client)> CustomerAsync(string name, long funds = 0)
    {
        var id = await Stack.RegisterAsync($"{name}.{Guid.NewGuid():N}@example.com");
        if (funds > 0) await Stack.FundAsync(id, funds);
        var client = Stack.Payments.Customer(id);
        await client.SetPinAsync();
        return (id, client);
    }

    [Test]
    public async Task A_transfer_is_held_screened_and_posted_and_both_sides_see_it()
    {
        var (alice, aliceClient) = await CustomerAsync("alice", funds: 10_000);
        var (bob, bobClient) = await CustomerAsync("bob");

        var accepted = await aliceClient.SendAcceptedAsync(bob, "30.00");
        var done = await aliceClient.WaitForAsync(accepted.Id, PaymentStatuses.Completed);
        var incoming = await bobClient.GetFromJsonAsync<PaymentPage>("/api/payments/orders?direction=incoming", JsonSerializerOptions.Web);
        var bobsView = await bobClient.DetailAsync(accepted.Id);
        var alicesReceipt = await aliceClient.GetFromJsonAsync<PaymentReceipt>($"/api/payments/orders/{accepted.Id}/receipt", JsonSerializerOptions.Web);
        var bobsReceipt = await bobClient.GetFromJsonAsync<PaymentReceipt>($"/api/payments/orders/{accepted.Id}/receipt", JsonSerializerOptions.Web);

        Assert.Multiple(async () =>
        {
            Assert.That(accepted.Status, Is.EqualTo(PaymentStatuses.Accepted));
            Assert.That(done.AmountMinor, Is.EqualTo(3_000));
            Assert.That(done.Timeline.Select(t => t.Status), Is.SupersetOf(new[] { "accepted", "funds_held", "screened", "posting", "completed" }));
            Assert.That(done.Timeline[^1].Status, Is.EqualTo("completed"));
            Assert.That(await Stack.WalletAsync(alice), Is.EqualTo((7_000L, 0L)));
            Assert.That(await Stack.WalletAsync(bob), Is.EqualTo((3_000L, 0L)));
            Assert.That(incoming!.Items.Select(p => (p.Id, p.Direction, p.AmountMinor)), Is.EqualTo(new[] { (accepted.Id, "incoming", 3_000L) }));
            Assert.That(bobsView.Direction, Is.EqualTo("incoming"));
            Assert.That(bobsView.Counterparty.MaskedName, Does.StartWith("a").And.Contain("*").And.EndWith("@example.com"));
            Assert.That((alicesReceipt!.Direction, bobsReceipt!.Direction), Is.EqualTo(("outgoing", "incoming")));
            Assert.That(bobsReceipt.ReceiptNumber, Is.EqualTo(alicesReceipt.ReceiptNumber), "one payment, one receipt number");
            Assert.That((alicesReceipt.AmountMinor, alicesReceipt.CompletedAt), Is.EqualTo((3_000L, done.CompletedAt!.Value)));
            var outcome = (await Stack.OutcomesAsync(accepted.Id)).Single();
            Assert.That(outcome.Type, Is.EqualTo("PaymentCompleted"));
            Assert.That(outcome.Payload.GetProperty("counterpartyId").GetGuid(), Is.EqualTo(bob));
            Assert.That(outcome.Payload.GetProperty("amountMinor").GetInt64(), Is.EqualTo(3_000));
            Assert.That(outcome.Payload.GetProperty("kind").GetString(), Is.EqualTo("p2p"));
        });
    }

    [Test]
    public async Task Sending_more_than_the_wallet_holds_fails_without_moving_or_holding_money()
    {
        var (alice, aliceClient) = await CustomerAsync("alice", funds: 1_000);
        var (bob, _) = await CustomerAsync("bob");

        var accepted = await aliceClient.SendAcceptedAsync(bob, "20.00");
        var failed = await aliceClient.WaitForAsync(accepted.Id, PaymentStatuses.Failed);

        Assert.Multiple(async () =>
        {
            Assert.That(failed.FailureReason, Is.EqualTo(FailureReasons.InsufficientFunds));
            var outcome = (await Stack.OutcomesAsync(accepted.Id)).Single();
            Assert.That(outcome.Type, Is.EqualTo("PaymentFailed"));
            Assert.That(outcome.Payload.GetProperty("reason").GetString(), Is.EqualTo(FailureReasons.InsufficientFunds));
            Assert.That(await Stack.WalletAsync(alice), Is.EqualTo((1_000L, 0L)));
            Assert.That(await Stack.WalletAsync(bob), Is.EqualTo((0L, 0L)));
        });
    }

    [Test]
    public async Task A_payment_risk_declines_is_voided_and_the_held_money_comes_back()
    {
        var (alice, aliceClient) = await CustomerAsync("alice", funds: 800_000);
        var (bob, _) = await CustomerAsync("bob");

        // 6,000.00 is above risk's ceiling for an unverified customer (5,000.00); payments' own limit is lifted in this stack.
        var accepted = await aliceClient.SendAcceptedAsync(bob, "6000.00");
        var failed = await aliceClient.WaitForAsync(accepted.Id, PaymentStatuses.Failed);

        Assert.Multiple(async () =>
        {
            Assert.That(failed.FailureReason, Is.EqualTo(FailureReasons.RiskDeclined));
            Assert.That(failed.Timeline.Select(t => t.Status), Does.Contain("voiding"));
            Assert.That(await Stack.WalletAsync(alice), Is.EqualTo((800_000L, 0L)));
            Assert.That(await Stack.WalletAsync(bob), Is.EqualTo((0L, 0L)));
        });
    }

    [TestCase("approve", PaymentStatuses.Completed, 350_000L)]
    [TestCase("decline", PaymentStatuses.Failed, 0L)]
    public async Task A_payment_in_review_waits_for_the_officer_then_posts_or_voids(string decision, string finalStatus, long moved)
    {
        var (alice, aliceClient) = await CustomerAsync("alice", funds: 500_000);
        var (bob, _) = await CustomerAsync("bob");

        // 3,500.00 to a payee never paid before is reviewed by the starter rules.
        var accepted = await aliceClient.SendAcceptedAsync(bob, "3500.00");
        await aliceClient.WaitForAsync(accepted.Id, PaymentStatuses.InReview);
        var heldDuringReview = await Stack.WalletAsync(alice);
        await Stack.DecideCaseAsync(accepted.Id, decision);
        var final = await aliceClient.WaitForAsync(accepted.Id, finalStatus);

        Assert.Multiple(async () =>
        {
            Assert.That(heldDuringReview, Is.EqualTo((150_000L, 350_000L)));
            Assert.That(final.Timeline.Select(t => t.Status), Does.Contain(decision == "approve" ? "review_approved" : "review_declined"));
            Assert.That(final.FailureReason, Is.EqualTo(decision == "approve" ? null : FailureReasons.ReviewDeclined));
            Assert.That(await Stack.WalletAsync(alice), Is.EqualTo((500_000L - moved, 0L)));
            Assert.That(await Stack.WalletAsync(bob), Is.EqualTo((moved, 0L)));
        });
    }

    [Test]
    public async Task The_payer_cancels_a_payment_in_review_the_money_comes_back_and_the_officer_has_nothing_left_to_decide()
    {
        var (alice, aliceClient) = await CustomerAsync("alice", funds: 500_000);
        var (bob, _) = await CustomerAsync("bob");

        var accepted = await aliceClient.SendAcceptedAsync(bob, "3500.00");
        await aliceClient.WaitForAsync(accepted.Id, PaymentStatuses.InReview);
        var cancelled = await aliceClient.PostAsync($"/api/payments/orders/{accepted.Id}/cancel", null);
        var failed = await aliceClient.WaitForAsync(accepted.Id, PaymentStatuses.Failed);
        var caseStatus = await Eventually.WaitForAsync(
            () => Stack.TextAsync($"SELECT status FROM risk.cases WHERE kind = 'transaction' AND subject_id = '{accepted.Id}'"),
            s => s == "withdrawn", TimeSpan.FromSeconds(30));
        using var officer = Stack.Officer();
        var caseId = await Stack.TextAsync($"SELECT id FROM risk.cases WHERE kind = 'transaction' AND subject_id = '{accepted.Id}'");
        var lateDecision = await officer.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision = "approve", comment = "Looks fine" });

        Assert.Multiple(async () =>
        {
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(failed.FailureReason, Is.EqualTo(FailureReasons.CancelledByPayer));
            Assert.That(await Stack.WalletAsync(alice), Is.EqualTo((500_000L, 0L)), "the held money is back");
            Assert.That(await Stack.WalletAsync(bob), Is.EqualTo((0L, 0L)));
            Assert.That(caseStatus, Is.EqualTo("withdrawn"));
            Assert.That(lateDecision.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await Stack.OutcomesAsync(accepted.Id)).Select(o => o.Type), Is.EqualTo(new[] { "PaymentFailed" }));
        });
    }

    [Test]
    public async Task A_review_nobody_decides_runs_out_and_the_hold_is_voided()
    {
        var (alice, aliceClient) = await CustomerAsync("alice", funds: 500_000);
        var (bob, _) = await CustomerAsync("bob");

        var accepted = await aliceClient.SendAcceptedAsync(bob, "3500.00");
        await aliceClient.WaitForAsync(accepted.Id, PaymentStatuses.InReview);
        var failed = await aliceClient.WaitForAsync(accepted.Id, PaymentStatuses.Failed, TimeSpan.FromSeconds(40));

        Assert.Multiple(async () =>
        {
            Assert.That(failed.FailureReason, Is.EqualTo(FailureReasons.ReviewTimeout));
            Assert.That(await Stack.WalletAsync(alice), Is.EqualTo((500_000L, 0L)));
        });
    }

    [Test]
    public async Task Payments_restarted_while_a_payment_is_held_finishes_it_exactly_once()
    {
        var (alice, aliceClient) = await CustomerAsync("alice", funds: 500_000);
        var (bob, _) = await CustomerAsync("bob");
        var accepted = await aliceClient.SendAcceptedAsync(bob, "3500.00");
        await aliceClient.WaitForAsync(accepted.Id, PaymentStatuses.InReview);

        // The officer approves while payments is down: the decision waits in payments' queue.
        await Stack.RestartPaymentsAsync(beforeStart: () => Stack.DecideCaseAsync(accepted.Id, "approve"));
        var done = await Stack.Payments.Customer(alice).WaitForAsync(accepted.Id, PaymentStatuses.Completed);

        Assert.Multiple(async () =>
        {
            Assert.That(done.Timeline.Count(t => t.Status == "completed"), Is.EqualTo(1));
            Assert.That(await Stack.WalletAsync(bob), Is.EqualTo((350_000L, 0L)));
            Assert.That(await Stack.ScalarAsync($"SELECT count(*) FROM ledger.transfers WHERE pending_id = '{accepted.Id}'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Fifty_concurrent_sends_never_overdraw_the_wallet_and_what_left_it_is_what_completed()
    {
        var (alice, aliceClient) = await CustomerAsync("alice", funds: 10_000);
        var (bob, _) = await CustomerAsync("bob");

        var sends = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => aliceClient.SendAsync(bob, "3.00")));
        Assert.That(sends.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Accepted));
        var ids = await Task.WhenAll(sends.Select(async r => (await r.Content.ReadFromJsonAsync<PaymentView>())!.Id));
        var finals = new List<PaymentDetail>();
        foreach (var id in ids) finals.Add(await aliceClient.WaitForFinalAsync(id));

        var completed = finals.Where(p => p.Status == PaymentStatuses.Completed).Sum(p => p.AmountMinor);
        Assert.Multiple(async () =>
        {
            Assert.That(finals.Select(p => p.Status), Is.All.AnyOf(PaymentStatuses.Completed, PaymentStatuses.Failed));
            Assert.That(completed, Is.GreaterThan(0).And.LessThanOrEqualTo(10_000));
            Assert.That(await Stack.WalletAsync(alice), Is.EqualTo((10_000 - completed, 0L)));
            Assert.That(await Stack.WalletAsync(bob), Is.EqualTo((completed, 0L)));
            Assert.That(finals.Where(p => p.Status == PaymentStatuses.Failed).Select(p => p.FailureReason),
                Is.All.AnyOf(FailureReasons.InsufficientFunds, FailureReasons.ReviewTimeout, FailureReasons.RiskDeclined));
        });
    }

    [Test]
    public async Task The_same_idempotency_key_sends_once_and_refuses_another_body()
    {
        var (alice, aliceClient) = await CustomerAsync("alice", funds: 10_000);
        var (bob, _) = await CustomerAsync("bob");
        var key = Guid.NewGuid().ToString();

        var first = await aliceClient.SendAsync(bob, "10.00", key);
        var again = await aliceClient.SendAsync(bob, "10.00", key);
        var other = await aliceClient.SendAsync(bob, "11.00", key);
        var id = (await first.Content.ReadFromJsonAsync<PaymentView>())!.Id;
        await aliceClient.WaitForAsync(id, PaymentStatuses.Completed);

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(again.Headers.Contains("Idempotent-Replayed"), Is.True);
            Assert.That((await again.Content.ReadFromJsonAsync<PaymentView>())!.Id, Is.EqualTo(id));
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(await Stack.ScalarAsync($"SELECT count(*) FROM payments.payment_orders WHERE customer_id = '{alice}'"), Is.EqualTo(1));
            Assert.That(await Stack.WalletAsync(alice), Is.EqualTo((9_000L, 0L)));
        });
    }

    [Test]
    public async Task Another_customer_can_neither_see_nor_find_a_payment_that_is_not_theirs()
    {
        var (_, aliceClient) = await CustomerAsync("alice", funds: 500_000);
        var (bob, bobClient) = await CustomerAsync("bob");
        var (_, carolClient) = await CustomerAsync("carol");

        // Reviewed, so it is not completed: even its payee must not see it yet.
        var pending = await aliceClient.SendAcceptedAsync(bob, "3500.00");
        await aliceClient.WaitForAsync(pending.Id, PaymentStatuses.InReview);

        Assert.Multiple(async () =>
        {
            Assert.That((await carolClient.GetAsync($"/api/payments/orders/{pending.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await carolClient.GetFromJsonAsync<PaymentPage>("/api/payments/orders", JsonSerializerOptions.Web))!.Total, Is.Zero);
            Assert.That((await bobClient.GetAsync($"/api/payments/orders/{pending.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await bobClient.GetFromJsonAsync<PaymentPage>("/api/payments/orders", JsonSerializerOptions.Web))!.Total, Is.Zero);
        });
    }
}
