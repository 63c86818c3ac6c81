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
