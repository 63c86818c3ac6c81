using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Payments.Orders;
using Jade.Payments.Tests.Transfers;
using Jade.Testing;

namespace Jade.Payments.Tests.Partners;

/// <summary>Partner banks crediting Jade customers through <c>/partner/v1/payments</c> with client-credentials tokens.</summary>
public sealed partial class PartnerPaymentTests : MoneyStackFixture
{
    private HttpClient Partner(string client = "partner-bank-1") => Stack.Payments.ClientWith(Stack.Payments.Token(client, "payments", "payments.partner"));

    private static Task<HttpResponseMessage> InitiateAsync(HttpClient partner, object body, string? key = null) =>
        partner.PostWithKeyAsync("/partner/v1/payments", body, key);

    private static object Credit(string email, string amount = "88.00", string? endToEndId = null) => new
    {
        endToEndId = endToEndId ?? $"E2E-{Guid.NewGuid():N}"[..30], type = "credit", amount, currency = "CNY",
        creditor = new { email }, remittanceInformation = "Salary November",
    };

    private async Task<(Guid Customer, string Email)> CustomerAsync()
    {
        var email = $"credited.{Guid.NewGuid():N}@example.com";
        return (await Stack.RegisterAsync(email), email);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Test]
    public async Task A_partner_credit_settles_into_the_customers_wallet_and_reports_ISO_statuses()
    {
        var (customer, email) = await CustomerAsync();
        using var partner = Partner();

        var accepted = await InitiateAsync(partner, Credit(email));
        var body = await JsonAsync(accepted);
        var id = body.GetProperty("paymentId").GetGuid();
        await Stack.OrderFinalAsync(id);
        var settled = await partner.GetFromJsonAsync<JsonElement>($"/partner/v1/payments/{id}");
        var history = await Stack.Payments.Customer(customer).GetFromJsonAsync<PaymentPage>("/api/payments/orders?direction=incoming", JsonSerializerOptions.Web);

        Assert.Multiple(async () =>
        {
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(body.GetProperty("status").GetString(), Is.AnyOf("ACTC", "ACSP"));
            Assert.That(settled.GetProperty("status").GetString(), Is.EqualTo("ACSC"));
            Assert.That(settled.GetProperty("amount").GetString(), Is.EqualTo("88.00"));
            Assert.That(settled.GetProperty("creditorMaskedEmail").GetString(), Does.Contain("*").And.EndWith("@example.com"));
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((8_800L, 0L)));
            Assert.That(history!.Items.Single().Kind, Is.EqualTo(PaymentKinds.PartnerCredit));
            Assert.That(history.Items.Single().Memo, Is.EqualTo("Salary November"));
        });
    }

    [Test]
    public async Task An_unknown_creditor_is_rejected_with_AC01_and_nothing_is_written()
    {
        using var partner = Partner();
        var before = await Stack.ScalarAsync("SELECT count(*) FROM payments.payment_orders");

        var response = await InitiateAsync(partner, Credit("nobody-here@example.com"));
        var problem = await JsonAsync(response);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(422), "problem details keep their HTTP status");
            Assert.That(problem.GetProperty("paymentStatus").GetString(), Is.EqualTo("RJCT"));
            Assert.That(problem.GetProperty("reasonCode").GetString(), Is.EqualTo("AC01"));
            Assert.That(await Stack.ScalarAsync("SELECT count(*) FROM payments.payment_orders"), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task An_end_to_end_id_is_used_once_per_partner_and_a_retry_with_its_key_is_replayed()
    {
        var (customer, email) = await CustomerAsync();
        using var partner = Partner();
        var body = Credit(email, endToEndId: $"E2E-{Guid.NewGuid():N}"[..20]);
        var key = Guid.NewGuid().ToString();

        var first = await InitiateAsync(partner, body, key);
        var retried = await InitiateAsync(partner, body, key);
        var reused = await InitiateAsync(partner, body);
        await Task.Delay(1000);

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(retried.Headers.Contains("Idempotent-Replayed"), Is.True);
            Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await Stack.ScalarAsync($"SELECT count(*) FROM payments.payment_orders WHERE customer_id = '{customer}'"), Is.EqualTo(1));
        });
    }

    [TestCase("endToEndId")]
    [TestCase("type")]
    [TestCase("amount")]
    [TestCase("currency")]
    [TestCase("creditor.email")]
    [TestCase("creditor.email", "a\u0000b@example.com")]
    [TestCase("remittanceInformation", "Salary\u0000")]
    [TestCase("remittanceInformation", "Salary\u202Eyrev")]
    public async Task Bad_input_names_the_field(string field, string? value = null)
    {
        using var partner = Partner();
        var body = new Dictionary<string, object?>
        {
            ["endToEndId"] = field == "endToEndId" ? new string('x', 36) : "E2E-1",
            ["type"] = field == "type" ? "payout-to-mars" : "credit",
            ["amount"] = field == "amount" ? "1.001" : "1.00",
            ["currency"] = field == "currency" ? "USD" : "CNY",
            ["creditor"] = new { email = field == "creditor.email" ? value ?? "not-an-email" : "someone@example.com" },
            ["remittanceInformation"] = field == "remittanceInformation" ? value : null,
        };

        var response = await InitiateAsync(partner, body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _), Is.True);
    }

    [Test]
    public async Task Partners_see_only_their_own_payments_and_customers_cannot_use_the_partner_api()
    {
        var (customer, email) = await CustomerAsync();
        using var partner = Partner();
        var id = (await JsonAsync(await InitiateAsync(partner, Credit(email)))).GetProperty("paymentId").GetGuid();

        using var otherPartner = Partner("partner-bank-2");
        using var customerClient = Stack.Payments.Customer(customer);
        using var anonymous = Stack.Payments.CreateClient();

        Assert.Multiple(async () =>
        {
            Assert.That((await otherPartner.GetAsync($"/partner/v1/payments/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await customerClient.GetAsync($"/partner/v1/payments/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await anonymous.GetAsync($"/partner/v1/payments/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await partner.GetAsync("/api/payments/orders")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Each_partner_is_rate_limited_on_its_own()
    {
        using var busy = Partner("partner-busy");
        using var calm = Partner("partner-calm");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 26; i++) answers.Add((await busy.GetAsync($"/partner/v1/payments/{Guid.CreateVersion7()}")).StatusCode);
        var limited = await busy.GetAsync($"/partner/v1/payments/{Guid.CreateVersion7()}");
        var other = await calm.GetAsync($"/partner/v1/payments/{Guid.CreateVersion7()}");

        Assert.Multiple(() =>
        {
            Assert.That(answers.Take(25), Is.All.EqualTo(HttpStatusCode.NotFound));
            Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }
}
