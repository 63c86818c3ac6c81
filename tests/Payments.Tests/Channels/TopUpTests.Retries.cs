using System.Net;
using Jade.Payments.Orders;
using Jade.Persistence.Idempotency;

namespace Jade.Payments.Tests.Channels;

/// <summary>
/// Top-up retries with one <c>Idempotency-Key</c> whose first run's answer was lost (a crash, a failed record, a lease
/// that ran out): the retry answers with the first run's charge, so the customer is never asked to pay twice.
/// </summary>
public sealed partial class TopUpTests
{
    /// <summary>What a crash between the order's commit and the answer's record leaves: the key in flight, its lease over.</summary>
    private Task LoseAnswerAsync(string key) => Stack.TextAsync($"""
        UPDATE payments.idempotency_keys SET status = '{IdempotencyKey.InFlight}', response_status = NULL, response_body = NULL,
               completed_at = NULL, locked_until = now() - interval '1 second'
         WHERE key = '{key}' RETURNING key
        """);

    private Task<long> TopUpsOfAsync(Guid customer) =>
        Stack.ScalarAsync($"SELECT count(*) FROM payments.payment_orders WHERE customer_id = '{customer}'");

    private int ChargesRequested => Stack.Channels.Acquirer.LogEntries.Count(e => e.RequestMessage.Path == "/acquiring/v1/charges");

    [Test]
    public async Task A_retry_after_the_first_answer_was_lost_answers_with_the_charge_it_created()
    {
        var (customer, client) = await CustomerAsync();
        var key = Guid.NewGuid().ToString();
        var (_, first, firstUrl) = await TopUpAsync(client, "100.00", key);
        await LoseAnswerAsync(key);

        var (retry, again, againUrl) = await TopUpAsync(client, "100.00", key);

        Assert.Multiple(async () =>
        {
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Created), await retry.Content.ReadAsStringAsync());
            Assert.That(again!.Id, Is.EqualTo(first!.Id));
            Assert.That(againUrl, Is.EqualTo(firstUrl));
            Assert.That(await TopUpsOfAsync(customer), Is.EqualTo(1));
            Assert.That(ChargesRequested, Is.EqualTo(1), "the acquirer is not asked for a second charge");
        });
    }

    [Test]
    public async Task A_retry_after_a_crash_before_the_acquirer_answered_creates_the_charge_for_the_same_order()
    {
        var (customer, client) = await CustomerAsync();
        var key = Guid.NewGuid().ToString();
        var (_, first, _) = await TopUpAsync(client, "60.00", key);
        // The order committed, the process gone before the acquirer's answer was saved.
        await Stack.TextAsync($"""
            UPDATE payments.payment_orders SET status = '{PaymentStatuses.Created}', confirm_url = NULL, channel_object_id = NULL
             WHERE id = '{first!.Id}' RETURNING id
            """);
        await LoseAnswerAsync(key);

        var (retry, again, url) = await TopUpAsync(client, "60.00", key);

        var charges = Stack.Channels.Acquirer.LogEntries.Where(e => e.RequestMessage.Path == "/acquiring/v1/charges")
            .Select(e => e.RequestMessage.Headers!["Idempotency-Key"].Single()).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Created), await retry.Content.ReadAsStringAsync());
            Assert.That(again!.Id, Is.EqualTo(first.Id));
            Assert.That(again.Status, Is.EqualTo(PaymentStatuses.AwaitingConfirmation));
            Assert.That(url, Does.EndWith("/pay"));
            Assert.That(await TopUpsOfAsync(customer), Is.EqualTo(1));
            Assert.That(charges, Is.EqualTo(new[] { first.Id.ToString("D"), first.Id.ToString("D") }),
                "asked again under the order's own key, so the acquirer answers with the charge it may already have");
        });
    }

    [Test]
    public async Task A_retry_racing_a_run_that_already_created_the_charge_answers_with_that_charge()
    {
        var (customer, client) = await CustomerAsync();
        var key = Guid.NewGuid().ToString();
        var (_, first, firstUrl) = await TopUpAsync(client, "25.00", key);
        // The key gone while its order exists: what a second run sees when it claimed the key as the first one's ran out.
        await Stack.TextAsync($"DELETE FROM payments.idempotency_keys WHERE key = '{key}' RETURNING key");

        var (retry, again, againUrl) = await TopUpAsync(client, "25.00", key);

        Assert.Multiple(async () =>
        {
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Created), await retry.Content.ReadAsStringAsync());
            Assert.That(again!.Id, Is.EqualTo(first!.Id));
            Assert.That(againUrl, Is.EqualTo(firstUrl));
            Assert.That(await TopUpsOfAsync(customer), Is.EqualTo(1));
            Assert.That(ChargesRequested, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task After_the_acquirer_was_down_a_retry_with_the_same_key_starts_the_top_up()
    {
        var (customer, client) = await CustomerAsync();
        var key = Guid.NewGuid().ToString();
        Stack.Channels.Acquirer.Reset();
        Stack.Channels.Acquirer.Given(WireMock.RequestBuilders.Request.Create().UsingAnyMethod())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(503));
        var (down, _, _) = await TopUpAsync(client, "40.00", key);
        Stack.Channels.Reset();

        var (retry, order, url) = await TopUpAsync(client, "40.00", key);

        Assert.Multiple(async () =>
        {
            Assert.That(down.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Created), await retry.Content.ReadAsStringAsync());
            Assert.That(order!.Status, Is.EqualTo(PaymentStatuses.AwaitingConfirmation));
            Assert.That(url, Does.EndWith("/pay"));
            Assert.That(await TopUpsOfAsync(customer), Is.EqualTo(2), "the failed attempt stays in the history");
            Assert.That(await Stack.ScalarAsync($"SELECT count(*) FROM payments.payment_orders WHERE customer_id = '{customer}' AND idempotency_key IS NOT NULL"),
                Is.EqualTo(1), "only the started top-up keeps the key");
        });
    }

    [Test]
    public async Task A_retry_of_a_top_up_failed_before_its_charge_was_created_starts_a_new_one()
    {
        var (customer, client) = await CustomerAsync();
        var key = Guid.NewGuid().ToString();
        var (_, first, _) = await TopUpAsync(client, "30.00", key);
        // The run died before the acquirer answered, and the deadline failed the order before the customer retried.
        await Stack.TextAsync($"""
            UPDATE payments.payment_orders SET status = '{PaymentStatuses.Failed}', failure_reason = '{FailureReasons.ChannelUnavailable}',
                   confirm_url = NULL, channel_object_id = NULL
             WHERE id = '{first!.Id}' RETURNING id
            """);
        await LoseAnswerAsync(key);

        var (retry, again, _) = await TopUpAsync(client, "30.00", key);

        Assert.Multiple(async () =>
        {
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Created), await retry.Content.ReadAsStringAsync());
            Assert.That(again!.Id, Is.Not.EqualTo(first.Id));
            Assert.That(await TopUpsOfAsync(customer), Is.EqualTo(2));
        });
    }
}
