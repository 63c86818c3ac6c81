using System.Net;
using System.Net.Http.Json;
using Jade.Payments.Orders;
using Jade.Persistence.Idempotency;

namespace Jade.Payments.Tests.Transfers;

/// <summary>
/// Retries whose first request created the order but never recorded its answer (the process died, or the record
/// failed): the retry must answer with that order, never start a second payment.
/// </summary>
public sealed partial class TransferRequestTests
{
    [Test]
    public async Task A_retry_after_the_first_answer_was_lost_answers_with_the_order_it_created()
    {
        var (payer, client, payee) = await PartiesAsync();
        var key = Guid.NewGuid().ToString();
        await client.SendAcceptedAsync(payee, "5000.00");
        var first = await client.SendAsync(payee, "5000.00", key);
        var order = (await first.Content.ReadFromJsonAsync<PaymentView>())!;
        // What a crash between the order's commit and the answer's record leaves: the key in flight, its lease over.
        await App.ColumnAsync($"""
            UPDATE payments.idempotency_keys SET status = '{IdempotencyKey.InFlight}', response_status = NULL, response_body = NULL,
                   completed_at = NULL, locked_until = now() - interval '1 second'
             WHERE key = '{key}' RETURNING key
            """);

        // The day's 10,000.00 is used up: checked as a new payment, the retry would be refused.
        var retry = await client.SendAsync(payee, "5000.00", key);

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await retry.Content.ReadAsStringAsync());
            Assert.That((await retry.Content.ReadFromJsonAsync<PaymentView>())!.Id, Is.EqualTo(order.Id));
            Assert.That(retry.Headers.Location!.ToString(), Is.EqualTo($"/api/payments/orders/{order.Id}"));
            Assert.That(await OrdersOfAsync(payer), Is.EqualTo(2));
        });
        var replay = await client.SendAsync(payee, "5000.00", key);
        Assert.That(replay.Headers.Contains(IdempotencyKeys.ReplayedHeader), Is.True, "the retry's answer is recorded for the next one");
    }

    [Test]
    public async Task A_retry_racing_a_run_that_already_created_the_order_answers_with_that_order()
    {
        var (payer, client, payee) = await PartiesAsync();
        var key = Guid.NewGuid().ToString();
        var first = await (await client.SendAsync(payee, "10.00", key)).Content.ReadFromJsonAsync<PaymentView>();
        // The key gone while its order exists: what a second run sees when it claimed the key as the first one's lease
        // ran out mid-request. Only the order's own unique key stands between it and a second payment.
        await App.ColumnAsync($"DELETE FROM payments.idempotency_keys WHERE key = '{key}' RETURNING key");

        var retry = await client.SendAsync(payee, "10.00", key);

        Assert.Multiple(async () =>
        {
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await retry.Content.ReadAsStringAsync());
            Assert.That((await retry.Content.ReadFromJsonAsync<PaymentView>())!.Id, Is.EqualTo(first!.Id));
            Assert.That(await OrdersOfAsync(payer), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_same_key_from_two_customers_makes_two_payments()
    {
        var (payer, client, payee) = await PartiesAsync();
        var (other, otherClient, _) = await PartiesAsync();
        const string key = "shared-client-generated-key";

        var mine = await client.SendAsync(payee, "1.00", key);
        var theirs = await otherClient.SendAsync(payee, "1.00", key);

        Assert.That(new[] { mine.StatusCode, theirs.StatusCode }, Is.All.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await OrdersOfAsync(payer) + await OrdersOfAsync(other), Is.EqualTo(2));
    }
}
