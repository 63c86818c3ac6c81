using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Payments.HeldPayments;
using Jade.Payments.Orders;

namespace Jade.Payments.Tests.Transfers;

/// <summary>
/// Who may cancel which payment, and when. Payments runs alone here: a test puts an order in review the way the saga
/// would (hold placed, screening said review), and the void the cancellation sends stays in the outbox.
/// </summary>
public sealed class CancellationTests : PaymentsServiceFixture
{
    private async Task<(HttpClient Payer, Guid Payee, PaymentView Sent)> SentAsync()
    {
        var payer = await App.RegisterAsync("payer");
        var payee = await App.RegisterAsync("payee");
        var client = App.Customer(payer);
        await client.SetPinAsync();
        return (client, payee, await client.SendAcceptedAsync(payee, "3500.00"));
    }

    private Task InReviewAsync(Guid order) => App.ColumnAsync($"""
        UPDATE payments.payment_orders SET status = 'in_review', hold_status = 'placed', risk_outcome = 'review', deadline = now() + interval '1 day'
         WHERE id = '{order}' RETURNING id
        """);

    private static Task<HttpResponseMessage> CancelAsync(HttpClient client, Guid order) => client.PostAsync($"/api/payments/orders/{order}/cancel", null);

    private async Task<long> VoidsSentAsync(Guid order) => long.Parse((await App.ColumnAsync(
        $"SELECT count(*) FROM payments.outbox_messages WHERE correlation_id = '{order:D}' AND type LIKE '%.VoidLedgerHold,%'"))[0]);

    [Test]
    public async Task The_payer_cancels_a_payment_in_review_and_its_hold_is_voided()
    {
        var (payer, _, sent) = await SentAsync();
        await InReviewAsync(sent.Id);

        var response = await CancelAsync(payer, sent.Id);
        var view = await response.Content.ReadFromJsonAsync<PaymentView>(JsonSerializerOptions.Web);
        var detail = await payer.DetailAsync(sent.Id);
        var audit = await App.ColumnAsync($"SELECT concat_ws('|', action, entity, actor_id, before, after) FROM payments.audit_log WHERE entity_id = '{sent.Id}'");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(audit, Has.Count.EqualTo(1), "releasing held money is audited");
            Assert.That(audit[0], Does.StartWith("payment.cancel|payment_order|").And.Contain("\"status\":\"in_review\"")
                .And.Contain("\"failureReason\":\"cancelled_by_payer\""));
            Assert.That((view!.Status, view.FailureReason), Is.EqualTo((PaymentStatuses.Voiding, FailureReasons.CancelledByPayer)));
            Assert.That(detail.Timeline[^1], Has.Property(nameof(TimelineEntry.Status)).EqualTo("voiding")
                .And.Property(nameof(TimelineEntry.Detail)).EqualTo(FailureReasons.CancelledByPayer));
            Assert.That(await VoidsSentAsync(sent.Id), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Only_a_payment_waiting_for_review_can_be_cancelled_and_a_second_cancel_changes_nothing()
    {
        var (payer, _, sent) = await SentAsync();

        var tooEarly = await CancelAsync(payer, sent.Id);
        await InReviewAsync(sent.Id);
        var cancelled = await CancelAsync(payer, sent.Id);
        var again = await CancelAsync(payer, sent.Id);
        var problem = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;

        Assert.Multiple(async () =>
        {
            Assert.That(tooEarly.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "accepted: the money may already be on its way");
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(PaymentCancellation.NotCancellableType));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("voiding"));
            Assert.That(await VoidsSentAsync(sent.Id), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_cancel_retried_with_its_idempotency_key_gets_the_first_answer()
    {
        var (payer, _, sent) = await SentAsync();
        await InReviewAsync(sent.Id);
        var key = Guid.NewGuid().ToString();

        var first = await payer.PostWithKeyAsync($"/api/payments/orders/{sent.Id}/cancel", new { }, key);
        var retried = await payer.PostWithKeyAsync($"/api/payments/orders/{sent.Id}/cancel", new { }, key);

        Assert.Multiple(async () =>
        {
            Assert.That((first.StatusCode, retried.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
            Assert.That(retried.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Single() == "true", Is.True);
            Assert.That(await VoidsSentAsync(sent.Id), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task No_one_but_the_payer_can_cancel_and_they_learn_nothing()
    {
        var (_, payee, sent) = await SentAsync();
        await InReviewAsync(sent.Id);

        Assert.Multiple(async () =>
        {
            Assert.That((await CancelAsync(App.Customer(payee), sent.Id)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await CancelAsync(App.Customer(Guid.CreateVersion7()), sent.Id)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await CancelAsync(App.Customer(payee), Guid.CreateVersion7())).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await CancelAsync(App.CreateClient(), sent.Id)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await App.ColumnAsync($"SELECT status FROM payments.payment_orders WHERE id = '{sent.Id}'"), Is.EqualTo(new[] { "in_review" }));
            Assert.That(await VoidsSentAsync(sent.Id), Is.Zero);
        });
    }
}
