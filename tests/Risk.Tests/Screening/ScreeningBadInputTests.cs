using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Jade.Contracts.Risk;

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
        // Rules count every amount as CNY fen: dollars would be screened as if they were fen.
        yield return new TestCaseData("currency", "USD");
        yield return new TestCaseData("payerId", null);
        yield return new TestCaseData("payeeName", new string('x', 201));
        yield return new TestCaseData("channel", "fax");
        yield return new TestCaseData("deviceId", new string('d', 101));
        // PostgreSQL refuses U+0000 in text: accepted, it failed the decision's whole group commit.
        yield return new TestCaseData("deviceId", "phone\u0000");
        yield return new TestCaseData("payeeName", "Zhang\u0000San");
        yield return new TestCaseData("payeeName", "Zhang\nSan");
        yield return new TestCaseData("ipAddress", "999.1.1.1");
        // The parser takes an IPv6 scope id as it comes.
        yield return new TestCaseData("ipAddress", "fe80::1%\u0000");
        yield return new TestCaseData("occurredAt", null);
        // Near the ends of the calendar the windows' arithmetic threw: a 500.
        yield return new TestCaseData("occurredAt", "9999-12-31T23:59:59Z");
        yield return new TestCaseData("occurredAt", "0001-01-01T00:00:01Z");
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
    public async Task A_bad_bus_request_is_answered_declined_naming_the_fields_and_nothing_is_recorded()
    {
        var id = Guid.CreateVersion7();
        var request = new ScreenTransaction(id, "p2p", 4_200, "USD", Guid.CreateVersion7(), Guid.CreateVersion7(), null, "app", "phone\u0000",
            "198.51.100.4", DateTimeOffset.UtcNow);
        var replies = await DeliverAsync(request, () => OutboxAsync<TransactionScreened>("payload->>'transactionId' = @id", id), r => r.Count > 0);

        Assert.Multiple(async () =>
        {
            Assert.That(replies.Single().Outcome, Is.EqualTo("decline"));
            Assert.That(replies.Single().Reasons, Is.EquivalentTo(new[] { "invalid.currency", "invalid.deviceId" }));
            Assert.That(await App.CountAsync("decisions", $"transaction_id = '{id}'"), Is.Zero);
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
