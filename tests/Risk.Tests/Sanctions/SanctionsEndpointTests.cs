using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Jade.Risk.Tests.Sanctions;

public sealed class EndpointTests
{
    private const string Path = "/api/risk/sanctions/screen";

    [TestCase("{}", "name")]
    [TestCase("""{ "name": "   " }""", "name")]
    [TestCase("""{ "name": "A" }""", "name")]
    [TestCase("""{ "name": "--" }""", "name")]
    [TestCase("""{ "name": "Banco", "type": "vessel" }""", "type")]
    [TestCase("""{ "name": "Banco", "type": "Entity" }""", "type")]
    [TestCase("""{ "name": "Banco", "dateOfBirth": "31/01/1939" }""", "dateOfBirth")]
    [TestCase("""{ "name": "Banco", "dateOfBirth": "1939-02-30" }""", "dateOfBirth")]
    [TestCase("""{ "name": "Banco", "dateOfBirth": "2999-01-01" }""", "dateOfBirth")]
    [TestCase("""{ "name": "Banco", "country": "Cuba" }""", "country")]
    [TestCase("""{ "name": "Banco", "country": "ZZ" }""", "country")]
    [TestCase("""{ "name": "Banco", "country": "C1" }""", "country")]
    public async Task Bad_input_is_a_validation_problem_naming_the_field(string body, string field)
    {
        var response = await Post(RiskFixture.App.Screener(), body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.RootElement.ToString());
    }

    [Test]
    public async Task An_officers_search_is_audited_without_the_name_and_a_services_screen_is_not()
    {
        var app = RiskFixture.App;
        var subject = $"officer-{Guid.CreateVersion7():N}";
        using var officer = app.Officer(subject, "dora@jade.test");
        var servicesBefore = await app.CountAsync("audit_log", "action = 'sanctions.search' AND actor_id = 'payments'");

        var found = await officer.ScreenAsync(new { name = "Banco Nacional de Cuba", type = "entity" });
        await app.Screener().ScreenAsync(new { name = "Banco Nacional de Cuba" });

        await using var connection = app.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT entity, after FROM risk.audit_log WHERE action = 'sanctions.search' AND actor_id = @subject";
        command.Parameters.AddWithValue("subject", subject);
        var rows = new List<(string Entity, string After)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        Assert.Multiple(async () =>
        {
            Assert.That(rows, Has.Count.EqualTo(1));
            using var after = JsonDocument.Parse(rows[0].After);
            Assert.That(after.RootElement.GetProperty("nameLength").GetInt32(), Is.EqualTo("Banco Nacional de Cuba".Length));
            Assert.That(after.RootElement.GetProperty("type").GetString(), Is.EqualTo("entity"));
            Assert.That(after.RootElement.GetProperty("matches").GetInt32(), Is.EqualTo(found.Matches.Count).And.GreaterThan(0));
            Assert.That(rows[0].After, Does.Not.Contain("Banco").IgnoreCase, "the name searched for is personal data");
            Assert.That(await app.CountAsync("audit_log", "action = 'sanctions.search' AND actor_id = 'payments'"), Is.EqualTo(servicesBefore),
                "a service's screen is part of a process that records its own outcome");
        });
    }

    [Test]
    public async Task A_name_over_200_characters_is_rejected()
    {
        var response = await RiskFixture.App.Screener().PostAsJsonAsync(Path, new { name = new string('A', 201) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [TestCase("{ not json")]
    [TestCase("""{ "name": 42 }""")]
    public async Task An_unreadable_body_is_400_not_500(string body)
    {
        var response = await Post(RiskFixture.App.Screener(), body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Without_a_token_it_is_401()
    {
        var response = await Post(RiskFixture.App.CreateClient(), """{ "name": "Banco" }""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_token_for_another_audience_is_401()
    {
        var app = RiskFixture.App;
        var response = await Post(app.ClientWith(app.Token("risk.screen", audience: "ledger")), """{ "name": "Banco" }""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_token_without_the_screen_scope_is_403()
    {
        var app = RiskFixture.App;
        var response = await Post(app.ClientWith(app.Token("ledger.read risk")), """{ "name": "Banco" }""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task Health_answers_without_a_database_or_bus(string path)
    {
        var response = await RiskFixture.App.CreateClient().GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string json) =>
        client.PostAsync(Path, new StringContent(json, Encoding.UTF8, "application/json"));
}
