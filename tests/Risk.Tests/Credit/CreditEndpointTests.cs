using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jade.Risk.Tests.Credit;

public sealed class CreditEndpointTests
{
    private const string Path = "/api/risk/credit/score";

    private static HttpClient Scorer() => RiskFixture.App.ClientWith(RiskFixture.App.Token("risk.credit"));

    /// <summary>A valid application in the API's codes; tests change one field at a time.</summary>
    private static JsonObject Application() => new()
    {
        ["applicationId"] = "app-42",
        ["checkingStatus"] = "lt0",
        ["durationMonths"] = 36,
        ["creditHistory"] = "existing_paid",
        ["purpose"] = "new_car",
        ["creditAmount"] = 9000.50m,
        ["savingsStatus"] = "lt100",
        ["employment"] = "1to4",
        ["installmentRate"] = 4,
        ["personalStatus"] = "male_single",
        ["otherParties"] = "none",
        ["residenceSince"] = 2,
        ["propertyMagnitude"] = "car",
        ["age"] = 28,
        ["otherPaymentPlans"] = "none",
        ["housing"] = "rent",
        ["existingCredits"] = 1,
        ["job"] = "skilled",
        ["numDependents"] = 1,
        ["ownTelephone"] = "no",
        ["foreignWorker"] = "yes",
    };

    [Test]
    public async Task A_valid_application_gets_a_probability_grade_decision_and_reasons()
    {
        var response = await Post(Scorer(), Application().ToJsonString());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.That(root.GetProperty("applicationId").GetString(), Is.EqualTo("app-42"));
        var pd = root.GetProperty("probabilityOfDefault").GetDecimal();
        Assert.That(pd, Is.InRange(0m, 1m));
        Assert.That(decimal.Round(pd, 4), Is.EqualTo(pd), "rounded to 4 places");
        Assert.That(root.GetProperty("grade").GetString(), Is.AnyOf("A", "B", "C", "D", "E"));
        Assert.That(root.GetProperty("decision").GetString(), Is.AnyOf("approve", "refer", "decline"));
        Assert.That(root.GetProperty("modelVersion").GetString(), Is.Not.Empty);
        var reasons = root.GetProperty("reasons").EnumerateArray().ToArray();
        Assert.That(reasons, Is.Not.Empty);
        Assert.That(reasons.Select(r => r.GetProperty("code").GetString()), Is.All.StartWith("credit."));
        Assert.That(reasons.Select(r => r.GetProperty("feature").GetString()), Is.All.Not.Empty);
        Assert.That(reasons.Select(r => r.GetProperty("effect").GetDecimal()), Is.All.Positive);
    }

    [Test]
    public async Task Codes_are_read_case_insensitively_and_the_application_id_is_optional()
    {
        var application = Application();
        application.Remove("applicationId");
        application["checkingStatus"] = " NONE ";

        var response = await Post(Scorer(), application.ToJsonString());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [TestCase("checkingStatus", "overdrawn")]
    [TestCase("purpose", "yacht")]
    [TestCase("foreignWorker", "maybe")]
    [TestCase("durationMonths", 0)]
    [TestCase("durationMonths", -6)]
    [TestCase("durationMonths", 121)]
    [TestCase("creditAmount", 0)]
    [TestCase("creditAmount", -100)]
    [TestCase("creditAmount", 1e12)]
    [TestCase("age", 17)]
    [TestCase("age", 101)]
    [TestCase("installmentRate", 5)]
    [TestCase("residenceSince", 0)]
    [TestCase("existingCredits", -1)]
    [TestCase("numDependents", 99)]
    [TestCase("durationMonths", "twelve")]
    [TestCase("age", 30.5)]
    [TestCase("creditHistory", 3)]
    public async Task A_bad_value_is_a_validation_problem_naming_the_field(string field, object value)
    {
        var application = Application();
        application[field] = JsonSerializer.SerializeToNode(value);

        await AssertProblemNaming(await Post(Scorer(), application.ToJsonString()), field);
    }

    [TestCase("checkingStatus")]
    [TestCase("durationMonths")]
    [TestCase("creditAmount")]
    [TestCase("age")]
    [TestCase("job")]
    [TestCase("foreignWorker")]
    public async Task A_missing_field_is_a_validation_problem_naming_it(string field)
    {
        var application = Application();
        application.Remove(field);

        await AssertProblemNaming(await Post(Scorer(), application.ToJsonString()), field);
    }

    [Test]
    public async Task A_null_field_is_reported_as_missing()
    {
        var application = Application();
        application["housing"] = null;

        await AssertProblemNaming(await Post(Scorer(), application.ToJsonString()), "housing");
    }

    [Test]
    public async Task Every_bad_field_is_reported_at_once()
    {
        var response = await Post(Scorer(), """{ "checkingStatus": "x" }""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var fields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.That(fields, Has.Length.EqualTo(20));
    }

    [TestCase("{ not json")]
    [TestCase("")]
    [TestCase("null")]
    [TestCase("[1, 2]")]
    public async Task An_unreadable_body_is_a_400_problem(string body)
    {
        await AssertProblemNaming(await Post(Scorer(), body), "body");
    }

    [Test]
    public async Task Without_a_token_it_is_401()
    {
        var response = await Post(RiskFixture.App.CreateClient(), Application().ToJsonString());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_token_for_another_audience_is_401()
    {
        var app = RiskFixture.App;
        var response = await Post(app.ClientWith(app.Token("risk.credit", audience: "lending")), Application().ToJsonString());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("risk.screen")]
    [TestCase("risk ledger.read")]
    public async Task A_token_without_the_credit_scope_is_403(string scope)
    {
        var app = RiskFixture.App;
        var response = await Post(app.ClientWith(app.Token(scope)), Application().ToJsonString());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    private static async Task AssertProblemNaming(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using var problem = JsonDocument.Parse(text);
        Assert.That(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), Is.True, text);
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string json) =>
        client.PostAsync(Path, new StringContent(json, Encoding.UTF8, "application/json"));
}
