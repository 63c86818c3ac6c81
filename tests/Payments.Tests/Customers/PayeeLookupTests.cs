using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Payments.Customers;

namespace Jade.Payments.Tests.Customers;

public sealed class PayeeLookupTests : PaymentsServiceFixture
{
    /// <summary>A mainland mobile number no other test uses.</summary>
    private static string FreshMobile() => "13" + Random.Shared.NextInt64(100_000_000, 999_999_999);

    private async Task<string> EmailOfAsync(Guid customer) =>
        (await App.ColumnAsync($"SELECT email FROM payments.customers WHERE id = '{customer}'"))[0];

    [Test]
    public async Task A_payee_is_found_by_email_and_shown_masked()
    {
        var payer = await App.RegisterAsync("payer");
        var payee = await App.RegisterAsync("payee");
        var client = App.Customer(payer);

        var found = await client.GetFromJsonAsync<JsonElement>($"/api/payments/payees?email={Uri.EscapeDataString((await EmailOfAsync(payee)).ToUpperInvariant())}");
        var unknown = await client.GetAsync("/api/payments/payees?email=nobody@example.com");
        var malformed = await client.GetAsync("/api/payments/payees?email=not-an-email");
        var self = await client.GetAsync($"/api/payments/payees?email={Uri.EscapeDataString(await EmailOfAsync(payer))}");

        Assert.Multiple(() =>
        {
            Assert.That(found.GetProperty("customerId").GetGuid(), Is.EqualTo(payee));
            Assert.That(found.GetProperty("maskedEmail").GetString(), Does.StartWith("p*****").And.EndWith("@example.com"));
            Assert.That(found.GetProperty("maskedEmail").GetString(), Does.Not.Contain(payee.ToString("N")));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(self.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        });
    }

    [Test]
    public async Task A_payee_is_found_by_phone_however_the_payer_writes_it_and_shown_masked()
    {
        var mobile = FreshMobile();
        var payee = await App.RegisterAsync("payee", "+86" + mobile);
        var client = App.Customer(await App.RegisterAsync("payer"));

        var typedWays = new[] { mobile, $"+86 {mobile[..3]} {mobile[3..7]} {mobile[7..]}", $"0086-{mobile}", $"({mobile[..3]}) {mobile[3..]}" };
        var answers = new List<JsonElement>();
        foreach (var typed in typedWays)
        {
            answers.Add(await client.GetFromJsonAsync<JsonElement>($"/api/payments/payees?phone={Uri.EscapeDataString(typed)}"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.GetProperty("customerId").GetGuid()), Is.All.EqualTo(payee));
            Assert.That(answers[0].GetProperty("maskedPhone").GetString(), Is.EqualTo($"+86 {mobile[..3]}****{mobile[^4..]}"));
            Assert.That(answers[0].GetProperty("maskedEmail").GetString(), Does.EndWith("@example.com"));
        });
    }

    [Test]
    public async Task The_directory_keeps_a_keyed_hash_of_the_phone_never_the_number()
    {
        var mobile = FreshMobile();
        var payee = await App.RegisterAsync("payee", mobile);

        var row = await App.ColumnAsync($"SELECT concat_ws('|', phone_index, masked_phone) FROM payments.customers WHERE id = '{payee}'");

        Assert.That(row[0], Does.Not.Contain(mobile).And.Not.Contain(mobile[3..7]).And.Contain("****"));
    }

    [Test]
    public async Task A_number_two_customers_registered_asks_for_the_email_instead()
    {
        var mobile = FreshMobile();
        await App.RegisterAsync("first", mobile);
        await App.RegisterAsync("second", "+86" + mobile);
        var client = App.Customer(await App.RegisterAsync("payer"));

        var response = await client.GetAsync($"/api/payments/payees?phone={mobile}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [TestCase("phone=12ab")]
    [TestCase("phone=0123456789")]
    [TestCase("phone=123")]
    [TestCase("phone=1234567890123456")]
    [TestCase("phone=")]
    [TestCase("email=a@example.com&phone=13800138000")]
    [TestCase("")]
    [TestCase("email=a%00b@example.com")]
    public async Task A_malformed_lookup_is_400_naming_the_field(string query)
    {
        var client = App.Customer(await App.RegisterAsync("payer"));

        var response = await client.GetAsync($"/api/payments/payees?{query}");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.SubsetOf(new[] { "email", "phone" }).And.Not.Empty);
        });
    }

    [Test]
    public async Task An_unregistered_number_is_404()
    {
        var client = App.Customer(await App.RegisterAsync("payer"));

        var response = await client.GetAsync($"/api/payments/payees?phone={FreshMobile()}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("13800138000", "8613800138000")]
    [TestCase("+86 138-0013-8000", "8613800138000")]
    [TestCase("008613800138000", "8613800138000")]
    [TestCase("+44 20 7946 0958", "442079460958")]
    [TestCase("+1 (415) 555-0100", "14155550100")]
    [TestCase("0138", null)]
    [TestCase("+0861380013800", null)]
    [TestCase("138001380001234567", null)]
    [TestCase("phone", null)]
    public void Phone_numbers_are_compared_in_one_canonical_form(string typed, string? canonical) =>
        Assert.That(PhoneNumber.Canonical(typed), Is.EqualTo(canonical));

    [TestCase("8613800138000", "+86 138****8000")]
    [TestCase("442079460958", "+44******0958")]
    public void Masked_numbers_show_the_country_and_last_four_digits_only(string canonical, string masked) =>
        Assert.That(PhoneNumber.Mask(canonical), Is.EqualTo(masked));
}
