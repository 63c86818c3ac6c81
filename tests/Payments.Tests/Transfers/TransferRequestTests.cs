using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Contracts.Identity;
using Jade.Messaging;
using Jade.Payments.Orders;
using Jade.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Payments.Tests.Transfers;

/// <summary>
/// What the customer API refuses, and that a refusal writes nothing. Payments runs alone here: no ledger or risk
/// answers, so accepted orders simply stay accepted.
/// </summary>
public sealed partial class TransferRequestTests : PaymentsServiceFixture
{
    private async Task<(Guid Payer, HttpClient Client, Guid Payee)> PartiesAsync(bool withPin = true)
    {
        var payer = await App.RegisterAsync("payer");
        var client = App.Customer(payer);
        if (withPin) await client.SetPinAsync();
        return (payer, client, await App.RegisterAsync("payee"));
    }

    private async Task<long> OrdersOfAsync(Guid customer) =>
        long.Parse((await App.ColumnAsync($"SELECT count(*) FROM payments.payment_orders WHERE customer_id = '{customer}'"))[0]);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [TestCase("0")]
    [TestCase("-1.00")]
    [TestCase("1.234")]
    [TestCase("abc")]
    [TestCase("")]
    [TestCase("1e3")]
    [TestCase(" 10")]
    [TestCase("12345678901234")]
    public async Task A_bad_amount_is_refused_naming_the_field_and_nothing_is_written(string amount)
    {
        var (payer, client, payee) = await PartiesAsync();

        var response = await client.SendAsync(payee, amount);
        var problem = await ProblemAsync(response);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").TryGetProperty("amount", out _), Is.True);
            Assert.That(await OrdersOfAsync(payer), Is.Zero);
        });
    }

    [Test]
    public async Task Bad_fields_are_each_named_in_one_answer()
    {
        var (payer, client, _) = await PartiesAsync();

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/payments/transfers")
        {
            Content = JsonContent.Create(new { payeeId = Guid.Empty, amount = "1.00", currency = "USD", memo = new string('x', 141), pin = "12345" }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        });
        var errors = (await ProblemAsync(response)).GetProperty("errors");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(errors.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "payeeId", "currency", "memo", "pin" }));
            Assert.That(await OrdersOfAsync(payer), Is.Zero);
        });
    }

    [Test]
    public async Task A_payment_without_an_idempotency_key_is_refused()
    {
        var (payer, client, payee) = await PartiesAsync();

        var response = await client.PostAsJsonAsync("/api/payments/transfers", new { payeeId = payee, amount = "1.00", pin = PaymentCalls.Pin });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await OrdersOfAsync(payer), Is.Zero);
    }

    [Test]
    public async Task An_unknown_payee_is_404_and_paying_yourself_is_refused()
    {
        var (payer, client, _) = await PartiesAsync();

        var unknown = await client.SendAsync(Guid.CreateVersion7(), "1.00");
        var self = await client.SendAsync(payer, "1.00");

        Assert.Multiple(async () =>
        {
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(self.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await OrdersOfAsync(payer), Is.Zero);
        });
    }

    [Test]
    public async Task Limits_of_an_unverified_customer_refuse_a_large_payment_and_the_payment_that_passes_the_day()
    {
        var (payer, client, payee) = await PartiesAsync();

        var overOne = await client.SendAsync(payee, "5000.01");
        var first = await client.SendAsync(payee, "5000.00");
        var second = await client.SendAsync(payee, "5000.00");
        var overDay = await client.SendAsync(payee, "0.01");
        var limit = (await ProblemAsync(overDay)).GetProperty("limit");

        Assert.Multiple(async () =>
        {
            Assert.That(overOne.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(await overOne.Content.ReadAsStringAsync(), Does.Contain("5000.00").And.Contain("Verify your identity"));
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(overDay.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(limit.GetProperty("which").GetString(), Is.EqualTo("per_day"));
            Assert.That(limit.GetProperty("usedMinor").GetInt64(), Is.EqualTo(1_000_000));
            Assert.That(await OrdersOfAsync(payer), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_payer_whose_registration_has_not_reached_payments_gets_the_first_level_limits()
    {
        var (payer, client, payee) = await PartiesAsync();
        // As if the payer's UserRegistered were still on its way: payments holds no customer row for them.
        await App.ColumnAsync($"DELETE FROM payments.customers WHERE id = '{payer}' RETURNING id");

        var overOne = await client.SendAsync(payee, "5000.01");
        var accepted = await client.SendAsync(payee, "1.00");

        Assert.Multiple(async () =>
        {
            Assert.That(overOne.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That((await ProblemAsync(overOne)).GetProperty("limit").GetProperty("which").GetString(), Is.EqualTo("per_transaction"));
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(await App.ColumnAsync($"SELECT kyc_level FROM payments.customers WHERE id = '{payer}'"), Is.EqualTo(new[] { "1" }));
            Assert.That(await OrdersOfAsync(payer), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Concurrent_payments_cannot_together_pass_the_daily_limit()
    {
        var (payer, client, payee) = await PartiesAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.SendAsync(payee, "4000.00")));

        Assert.Multiple(async () =>
        {
            Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Accepted), Is.EqualTo(2));
            Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.UnprocessableEntity), Is.EqualTo(4));
            Assert.That(await OrdersOfAsync(payer), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Without_a_pin_a_payment_is_refused_with_a_problem_the_app_can_recognise()
    {
        var (payer, client, payee) = await PartiesAsync(withPin: false);

        var response = await client.SendAsync(payee, "1.00");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await ProblemAsync(response)).GetProperty("type").GetString(), Does.EndWith("pin-not-set"));
            Assert.That(await OrdersOfAsync(payer), Is.Zero);
        });
    }

    [Test]
    public async Task Five_wrong_pins_lock_payments_even_with_the_right_pin_afterwards()
    {
        var (payer, client, payee) = await PartiesAsync();

        var wrong = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++) wrong.Add(await client.SendAsync(payee, "1.00", pin: "000001"));
        var right = await client.SendAsync(payee, "1.00");
        var status = await client.GetFromJsonAsync<JsonElement>("/api/payments/pin");

        Assert.Multiple(async () =>
        {
            Assert.That(wrong.Take(4).Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await ProblemAsync(wrong[0])).GetProperty("remainingAttempts").GetInt32(), Is.EqualTo(4));
            Assert.That((await ProblemAsync(wrong[3])).GetProperty("remainingAttempts").GetInt32(), Is.EqualTo(1));
            Assert.That(wrong[4].StatusCode, Is.EqualTo(HttpStatusCode.Locked));
            Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.Locked));
            Assert.That(status.GetProperty("locked").GetBoolean(), Is.True);
            Assert.That(await OrdersOfAsync(payer), Is.Zero);
            Assert.That(App.Logs.Mentioning(PaymentCalls.Pin), Is.Empty, "the right PIN is never logged");
            Assert.That(App.Logs.Mentioning("000001"), Is.Empty, "a wrong PIN is never logged");
        });
    }

    [Test]
    public async Task Concurrent_wrong_pins_cannot_slip_past_the_lockout()
    {
        var (_, client, payee) = await PartiesAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => client.SendAsync(payee, "1.00", pin: $"00000{i % 9 + 1}")));

        Assert.Multiple(() =>
        {
            Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Forbidden), Is.LessThanOrEqualTo(4));
            Assert.That(answers.Select(a => a.StatusCode), Is.All.AnyOf(HttpStatusCode.Forbidden, HttpStatusCode.Locked));
        });
    }

    [Test]
    public async Task A_right_pin_after_wrong_ones_resets_the_count()
    {
        var (_, client, payee) = await PartiesAsync();

        await client.SendAsync(payee, "1.00", pin: "000001");
        await client.SendAsync(payee, "1.00", pin: "000001");
        var right = await client.SendAsync(payee, "1.00");
        var status = await client.GetFromJsonAsync<JsonElement>("/api/payments/pin");

        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(status.GetProperty("remainingAttempts").GetInt32(), Is.EqualTo(5));
    }

    [TestCase("12345", "pin")]
    [TestCase("1234567", "pin")]
    [TestCase("12345a", "pin")]
    [TestCase("111111", "pin")]
    [TestCase("123456", "pin")]
    [TestCase("987654", "pin")]
    public async Task A_pin_that_is_malformed_or_easy_to_guess_cannot_be_set(string pin, string field)
    {
        var client = App.Customer(Guid.CreateVersion7());

        var response = await client.PutAsJsonAsync("/api/payments/pin", new { pin });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ProblemAsync(response)).GetProperty("errors").TryGetProperty(field, out _), Is.True);
        Assert.That((await client.GetFromJsonAsync<JsonElement>("/api/payments/pin")).GetProperty("isSet").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Changing_the_pin_needs_the_current_one_and_the_old_pin_stops_working()
    {
        var (_, client, payee) = await PartiesAsync();

        var withoutCurrent = await client.PutAsJsonAsync("/api/payments/pin", new { pin = "246813" });
        var wrongCurrent = await client.PutAsJsonAsync("/api/payments/pin", new { pin = "246813", currentPin = "000001" });
        var changed = await client.PutAsJsonAsync("/api/payments/pin", new { pin = "246813", currentPin = PaymentCalls.Pin });
        var oldPin = await client.SendAsync(payee, "1.00");
        var newPin = await client.SendAsync(payee, "1.00", pin: "246813");

        Assert.Multiple(() =>
        {
            Assert.That(withoutCurrent.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(wrongCurrent.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(oldPin.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(newPin.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        });
    }

    [Test]
    public async Task The_pin_is_stored_neither_in_clear_nor_as_a_bare_hash()
    {
        var (payer, _, _) = await PartiesAsync();

        var stored = (await App.ColumnAsync($"SELECT hash FROM payments.payment_pins WHERE customer_id = '{payer}'"))[0];

        Assert.That(stored, Does.Not.Contain(PaymentCalls.Pin).And.Not.Contain("."));
    }

    [TestCase("kind=loan")]
    [TestCase("status=lost")]
    [TestCase("direction=sideways")]
    [TestCase("from=2026-13-01")]
    [TestCase("from=2026-11-20&to=2026-11-01")]
    [TestCase("page=0")]
    [TestCase("page=107374184")]
    [TestCase("pageSize=101")]
    [TestCase("from=0001-01-01")]
    [TestCase("to=9999-12-31")]
    public async Task Bad_history_filters_are_refused(string query)
    {
        var client = App.Customer(Guid.CreateVersion7());

        Assert.That((await client.GetAsync($"/api/payments/orders?{query}")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await client.GetAsync($"/api/payments/orders/export?{query}")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task History_filters_pages_and_exports_the_customers_own_orders()
    {
        var (payer, client, payee) = await PartiesAsync();
        foreach (var amount in new[] { "1.00", "2.00", "3.00" }) await client.SendAsync(payee, amount, memo: "=HYPERLINK(\"x\")");
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");

        var page = await client.GetFromJsonAsync<PaymentPage>($"/api/payments/orders?kind=p2p&status=accepted&from={today}&to={today}&page=2&pageSize=2", JsonSerializerOptions.Web);
        using var export = await client.GetAsync("/api/payments/orders/export?direction=outgoing");
        var csv = await export.Content.ReadAsStringAsync();
        var strangers = await App.Customer(Guid.CreateVersion7()).GetFromJsonAsync<PaymentPage>("/api/payments/orders", JsonSerializerOptions.Web);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(page!.Total, Is.EqualTo(3));
            Assert.That(page.Items.Select(p => p.AmountMinor), Is.EqualTo(new[] { 100L }), "newest first, second page of two");
            Assert.That(lines, Has.Length.EqualTo(4));
            Assert.That(export.Headers.GetValues(Jade.Payments.Orders.OrderEndpoints.TotalCountHeader), Is.EqualTo(new[] { "3" }), "a reader can tell a complete export");
            Assert.That(lines[0], Does.StartWith("id,created_at,kind,direction,status,amount"));
            Assert.That(lines[1], Does.Contain(",-3.00,CNY,"));
            Assert.That(lines[1], Does.Contain("\"'=HYPERLINK(\"\"x\"\")\""), "a memo never runs as a spreadsheet formula");
            Assert.That(strangers!.Total, Is.Zero);
        });
    }

    [Test]
    public async Task Someone_elses_order_id_answers_404()
    {
        var (_, client, payee) = await PartiesAsync();
        var sent = (await (await client.SendAsync(payee, "1.00")).Content.ReadFromJsonAsync<PaymentView>())!;

        Assert.Multiple(async () =>
        {
            Assert.That((await App.Customer(Guid.CreateVersion7()).GetAsync($"/api/payments/orders/{sent.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await App.Customer(payee).GetAsync($"/api/payments/orders/{sent.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound),
                "the payee sees a payment only once it completed");
            Assert.That((await client.GetAsync($"/api/payments/orders/{Guid.CreateVersion7()}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }
}
