using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Payments.Customers;
using Jade.Payments.Tests.Transfers;

namespace Jade.Payments.Tests.Customers;

/// <summary>The "pay again" list: whom the customer paid, most recent first, and no one else.</summary>
public sealed class RecentPayeeTests : PaymentsServiceFixture
{
    private async Task<(Guid Id, HttpClient Client)> PayerAsync()
    {
        var payer = await App.RegisterAsync("payer");
        var client = App.Customer(payer);
        await client.SetPinAsync();
        return (payer, client);
    }

    /// <summary>A transfer the saga would have completed (payments runs alone here), <paramref name="minutesAgo"/> back.</summary>
    private async Task<Guid> PaidAsync(HttpClient payer, Guid payee, string amount, int minutesAgo, string status = "completed")
    {
        var sent = await payer.SendAcceptedAsync(payee, amount);
        await App.ColumnAsync($"""
            UPDATE payments.payment_orders SET status = '{status}', deadline = NULL,
                   created_at = now() - interval '{minutesAgo} minutes', completed_at = CASE WHEN '{status}' = 'completed' THEN now() END
             WHERE id = '{sent.Id}' RETURNING id
            """);
        return sent.Id;
    }

    private static async Task<RecentPayees> RecentAsync(HttpClient client, string query = "") =>
        (await client.GetFromJsonAsync<RecentPayees>($"/api/payments/payees/recent{query}", JsonSerializerOptions.Web))!;

    [Test]
    public async Task Each_payee_appears_once_with_the_last_payment_most_recent_first()
    {
        var (_, client) = await PayerAsync();
        var carol = await App.RegisterAsync("carol", phone: "+86 138 0013 8000");
        var dave = await App.RegisterAsync("dave");
        await PaidAsync(client, carol, "10.00", minutesAgo: 30);
        await PaidAsync(client, dave, "20.00", minutesAgo: 20);
        await PaidAsync(client, carol, "30.00", minutesAgo: 10);

        var recent = (await RecentAsync(client)).Items;

        Assert.Multiple(() =>
        {
            Assert.That(recent.Select(p => (p.CustomerId, p.LastAmountMinor)), Is.EqualTo(new[] { (carol, 3_000L), (dave, 2_000L) }));
            Assert.That(recent[0].MaskedEmail, Does.StartWith("c").And.Contain("*").And.EndWith("@example.com"));
            Assert.That(recent[0].MaskedPhone, Is.EqualTo("+86 138****8000"));
            Assert.That(recent[1].MaskedPhone, Is.Null);
            Assert.That(recent[0].LastPaidAt, Is.GreaterThan(recent[1].LastPaidAt));
        });
    }

    [Test]
    public async Task Only_completed_transfers_count_and_money_received_does_not()
    {
        var (payer, client) = await PayerAsync();
        var failedTo = await App.RegisterAsync("failed");
        var pendingTo = await App.RegisterAsync("pending");
        var (_, sender) = await PayerAsync();
        await PaidAsync(client, failedTo, "5.00", minutesAgo: 5, status: "failed");
        await client.SendAcceptedAsync(pendingTo, "6.00");
        await PaidAsync(sender, payer, "7.00", minutesAgo: 3);

        Assert.That((await RecentAsync(client)).Items, Is.Empty, "a failed or unfinished transfer and an incoming one name no payee");
    }

    [Test]
    public async Task The_count_caps_the_list_and_no_one_sees_another_customers_payees()
    {
        var (_, client) = await PayerAsync();
        for (var i = 0; i < 3; i++) await PaidAsync(client, await App.RegisterAsync($"payee{i}"), "1.00", minutesAgo: 10 - i);
        var stranger = App.Customer(Guid.CreateVersion7());

        Assert.Multiple(async () =>
        {
            Assert.That((await RecentAsync(client, "?count=2")).Items, Has.Count.EqualTo(2));
            Assert.That((await RecentAsync(client)).Items, Has.Count.EqualTo(3));
            Assert.That((await RecentAsync(stranger)).Items, Is.Empty);
        });
    }

    [TestCase("?count=0")]
    [TestCase("?count=21")]
    public async Task A_bad_count_names_the_field(string query)
    {
        var (_, client) = await PayerAsync();

        var response = await client.GetAsync($"/api/payments/payees/recent{query}");
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(errors.TryGetProperty("count", out _), Is.True);
        });
    }

    [Test]
    public async Task The_list_needs_a_signed_in_customer() =>
        Assert.That((await App.CreateClient().GetAsync("/api/payments/payees/recent")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
}
