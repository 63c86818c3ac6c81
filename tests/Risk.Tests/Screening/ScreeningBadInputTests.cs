using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Jade.Risk.Tests.Screening;

public sealed class ScreeningBadInputTests : RiskServiceFixture
{
    private static IEnumerable<TestCaseData> BadFields()
    {
        yield return new TestCaseData("transactionId", null);
        yield return new TestCaseData("type", "gift");
        yield return new TestCaseData("amount", 0);
        yield return new TestCaseData("amount", -5);
        yield return new TestCaseData("amount", 1_000_000_000_001);
        yield return new TestCaseData("currency", "cny");
        yield return new TestCaseData("payerId", null);
        yield return new TestCaseData("payeeName", new string('x', 201));
        yield return new TestCaseData("channel", "fax");
        yield return new TestCaseData("deviceId", new string('d', 101));
        yield return new TestCaseData("ipAddress", "999.1.1.1");
        yield return new TestCaseData("occurredAt", null);
    }

    [TestCaseSource(nameof(BadFields))]
    public async Task A_bad_field_is_a_400_naming_it_and_nothing_is_recorded(string field, object? value)
    {
        var body = Transaction(1_000, Guid.CreateVersion7());
        body[field] = value;
        var response = await Screener.PostAsJsonAsync("/api/risk/screenings", body);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem!["errors"]!.AsObject().ContainsKey(field), Is.True, problem.ToJsonString());
            Assert.That(await App.CountAsync("decisions", $"transaction_id = '{body["transactionId"] ?? Guid.Empty}'"), Is.Zero);
        });
    }

    [Test]
    public async Task Malformed_json_is_a_400()
    {
        var response = await Screener.PostAsync("/api/risk/screenings", new StringContent("{ \"amount\": ", Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Only_screening_clients_may_screen()
    {
        var body = Transaction(1_000, Guid.CreateVersion7());
        var anonymous = await App.CreateClient().PostAsJsonAsync("/api/risk/screenings", body);
        var customer = await App.Customer(Guid.CreateVersion7()).PostAsJsonAsync("/api/risk/screenings", body);
        var otherAudience = await App.ClientWith(App.Token("risk.screen", audience: "ledger")).PostAsJsonAsync("/api/risk/screenings", body);
        Assert.Multiple(async () =>
        {
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(customer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(otherAudience.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await App.CountAsync("decisions"), Is.Zero);
        });
    }
}
