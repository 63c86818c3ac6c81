using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Payments.Orders;
using Jade.Payments.Tests.Transfers;

namespace Jade.Payments.Tests.Orders;

/// <summary>
/// The receipt of a payment, for each side of it. Payments runs alone here, so an order completes or fails when the
/// test says so in the database, as the saga would record it.
/// </summary>
public sealed class ReceiptTests : PaymentsServiceFixture
{
    private async Task<(HttpClient Payer, HttpClient Payee, PaymentView Sent)> SentAsync(string amount = "12.34", string? memo = "rent share")
    {
        var payer = await App.RegisterAsync("payer");
        var payee = await App.RegisterAsync("payee");
        var payerClient = App.Customer(payer);
        await payerClient.SetPinAsync();
        var response = await payerClient.SendAsync(payee, amount, memo: memo);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        return (payerClient, App.Customer(payee), (await response.Content.ReadFromJsonAsync<PaymentView>())!);
    }

    private Task FinishAsync(Guid order, string status, DateTimeOffset at) => App.ColumnAsync(
        $"UPDATE payments.payment_orders SET status = '{status}', completed_at = {(status == PaymentStatuses.Completed ? $"'{at:O}'" : "NULL")}, deadline = NULL WHERE id = '{order}' RETURNING id");

    private static Task<HttpResponseMessage> ReceiptAsync(HttpClient client, Guid order) => client.GetAsync($"/api/payments/orders/{order}/receipt");

    [Test]
    public async Task Both_sides_of_a_completed_transfer_get_one_receipt_with_masked_parties()
    {
        var (payer, payee, sent) = await SentAsync();
        // 17:30 UTC is already the next day in Beijing, where the receipt's date is counted.
        var completedAt = new DateTimeOffset(2026, 11, 27, 17, 30, 0, TimeSpan.Zero);
        await FinishAsync(sent.Id, PaymentStatuses.Completed, completedAt);

        var mine = await (await ReceiptAsync(payer, sent.Id)).Content.ReadFromJsonAsync<PaymentReceipt>(JsonSerializerOptions.Web);
        var theirs = await (await ReceiptAsync(payee, sent.Id)).Content.ReadFromJsonAsync<PaymentReceipt>(JsonSerializerOptions.Web);

        Assert.Multiple(() =>
        {
            Assert.That(mine!.ReceiptNumber, Is.EqualTo($"JR-20261128-{sent.Id.ToString("N")[^12..].ToUpperInvariant()}"));
            Assert.That(theirs!.ReceiptNumber, Is.EqualTo(mine.ReceiptNumber));
            Assert.That((mine.Direction, theirs.Direction), Is.EqualTo(("outgoing", "incoming")));
            Assert.That((mine.PaymentId, mine.Kind, mine.AmountMinor, mine.Currency, mine.Memo), Is.EqualTo((sent.Id, "p2p", 1_234L, "CNY", "rent share")));
            Assert.That(mine.CompletedAt, Is.EqualTo(completedAt));
            Assert.That(mine.IssuedAt, Is.GreaterThan(completedAt));
            foreach (var party in new[] { mine.Payer, mine.Payee, theirs.Payer, theirs.Payee })
            {
                Assert.That(party, Does.Contain("*").And.EndWith("@example.com"), "parties appear masked");
            }
            Assert.That((theirs.Payer, theirs.Payee), Is.EqualTo((mine.Payer, mine.Payee)));
        });
    }

    [Test]
    public async Task A_payment_that_is_in_progress_or_failed_has_no_receipt()
    {
        var (payer, _, inProgress) = await SentAsync();
        var (otherPayer, _, failed) = await SentAsync();
        await FinishAsync(failed.Id, PaymentStatuses.Failed, DateTimeOffset.UtcNow);

        var pending = await ReceiptAsync(payer, inProgress.Id);
        var refused = await ReceiptAsync(otherPayer, failed.Id);
        var problem = JsonDocument.Parse(await pending.Content.ReadAsStringAsync()).RootElement;

        Assert.Multiple(async () =>
        {
            Assert.That(pending.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(PaymentReceipt.NotAvailableType));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("accepted"));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), Does.Contain("failed"));
        });
    }

    [Test]
    public async Task Nobody_else_gets_a_receipt_and_the_payee_none_before_the_money_arrived()
    {
        var (_, payee, sent) = await SentAsync();
        var stranger = App.Customer(Guid.CreateVersion7());

        var payeeBefore = await ReceiptAsync(payee, sent.Id);
        await FinishAsync(sent.Id, PaymentStatuses.Completed, DateTimeOffset.UtcNow);
        var strangerAfter = await ReceiptAsync(stranger, sent.Id);
        var unknown = await ReceiptAsync(payee, Guid.CreateVersion7());

        Assert.Multiple(() =>
        {
            Assert.That(payeeBefore.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a payee never learns of a payment before it completes");
            Assert.That(strangerAfter.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task A_receipt_needs_a_signed_in_customer_and_a_payment_id()
    {
        var (payer, _, sent) = await SentAsync();
        var anonymous = App.CreateClient();

        Assert.Multiple(async () =>
        {
            Assert.That((await ReceiptAsync(anonymous, sent.Id)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await payer.GetAsync("/api/payments/orders/not-a-guid/receipt")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }
}
