using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Notifications.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Notifications.Tests.Webhooks;

/// <summary>
/// The registration API's rules and who may call what. Insecure URLs are not allowed here (the default outside
/// Development), so only https endpoints can be registered; nothing is ever sent to them in these tests.
/// </summary>
public sealed class WebhookApiTests
{
    private NotificationsApp _app = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _app = await NotificationsApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _app.DisposeAsync();

    [TestCase("http://partner.example/hooks", "url")]
    [TestCase("ftp://partner.example/hooks", "url")]
    [TestCase("/hooks", "url")]
    [TestCase("https://user:pass@partner.example/hooks", "url")]
    public async Task A_url_that_is_not_absolute_https_is_refused(string url, string field)
    {
        using var partner = _app.PartnerClient("partner-urls");
        using var response = await partner.PostAsJsonAsync("/partner/v1/webhooks/endpoints", new { url });
        await AssertProblemAsync(response, field);
        Assert.That(await EndpointCountAsync("partner-urls"), Is.Zero, "nothing written");
    }

    [TestCase("https://127.0.0.1/hooks")]
    [TestCase("https://10.1.2.3:8443/hooks")]
    [TestCase("https://169.254.169.254/latest/meta-data/")]
    [TestCase("https://[::1]/hooks")]
    [TestCase("https://[fd00::5]/hooks")]
    [TestCase("https://[::ffff:192.168.1.20]/hooks")]
    [TestCase("https://localhost/hooks")]
    [TestCase("https://admin.localhost/hooks")]
    public async Task A_url_on_a_loopback_private_or_link_local_address_is_refused(string url)
    {
        using var partner = _app.PartnerClient("partner-private");
        using var response = await partner.PostAsJsonAsync("/partner/v1/webhooks/endpoints", new { url });
        var problem = await AssertProblemAsync(response, "url");
        Assert.That(problem.Errors["url"], Has.Some.Contains("public address"));
        Assert.That(await EndpointCountAsync("partner-private"), Is.Zero, "nothing written");
    }

    [Test]
    public async Task An_unknown_event_type_an_empty_event_list_or_a_long_description_is_refused_and_nothing_is_written()
    {
        using var partner = _app.PartnerClient("partner-input");
        using var unknown = await partner.PostAsJsonAsync("/partner/v1/webhooks/endpoints",
            new { url = "https://partner.example/hooks", events = new[] { "payment.completed", "payment.exploded" } });
        using var empty = await partner.PostAsJsonAsync("/partner/v1/webhooks/endpoints",
            new { url = "https://partner.example/hooks", events = Array.Empty<string>() });
        using var longDescription = await partner.PostAsJsonAsync("/partner/v1/webhooks/endpoints",
            new { url = "https://partner.example/hooks", description = new string('d', 257) });

        await AssertProblemAsync(unknown, "events[1]");
        await AssertProblemAsync(empty, "events");
        await AssertProblemAsync(longDescription, "description");
        Assert.That(await EndpointCountAsync("partner-input"), Is.Zero);
    }

    [Test]
    public async Task Malformed_json_is_a_bad_request()
    {
        using var partner = _app.PartnerClient("partner-json");
        using var content = new StringContent("{\"url\": ", System.Text.Encoding.UTF8, "application/json");
        using var response = await partner.PostAsync("/partner/v1/webhooks/endpoints", content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await EndpointCountAsync("partner-json"), Is.Zero);
    }

    [Test]
    public async Task A_partner_has_at_most_ten_endpoints()
    {
        using var partner = _app.PartnerClient("partner-many");
        for (var i = 0; i < 10; i++)
        {
            await partner.CreateEndpointAsync(new Uri($"https://partner.example/hooks/{i}"));
        }
        using var eleventh = await partner.PostAsJsonAsync("/partner/v1/webhooks/endpoints", new { url = "https://partner.example/hooks/10" });
        await AssertProblemAsync(eleventh, "endpoints");
        Assert.That(await EndpointCountAsync("partner-many"), Is.EqualTo(10));

        var list = await partner.GetFromJsonAsync<WebhookEndpointList>("/partner/v1/webhooks/endpoints");
        using var delete = await partner.DeleteAsync($"/partner/v1/webhooks/endpoints/{list!.Items[0].Id}");
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await partner.CreateEndpointAsync(new Uri("https://partner.example/hooks/10"));
    }

    [Test]
    public async Task The_secret_is_shown_only_at_creation_and_stored_encrypted()
    {
        using var partner = _app.PartnerClient("partner-secret");
        using var created = await partner.PostAsJsonAsync("/partner/v1/webhooks/endpoints",
            new { url = "https://partner.example/hooks", events = new[] { "payment.failed" }, description = "  payouts  " });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        using var createdJson = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var secret = createdJson.RootElement.GetProperty("secret").GetString()!;
        var listJson = await partner.GetStringAsync("/partner/v1/webhooks/endpoints");
        using var list = JsonDocument.Parse(listJson);
        var item = list.RootElement.GetProperty("items")[0];

        await using var connection = _app.Database.OpenAdminConnection();
        await using var stored = connection.CreateCommand();
        stored.CommandText = "SELECT secret_ciphertext FROM notifications.webhook_endpoints WHERE client_id = 'partner-secret'";
        var ciphertext = (string)(await stored.ExecuteScalarAsync())!;

        Assert.Multiple(() =>
        {
            Assert.That(createdJson.RootElement.GetProperty("status").GetString(), Is.EqualTo("enabled"));
            Assert.That(createdJson.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "payment.failed" }));
            Assert.That(createdJson.RootElement.GetProperty("description").GetString(), Is.EqualTo("payouts"));
            Assert.That(Convert.FromBase64String(secret["whsec_".Length..]), Has.Length.EqualTo(32));
            Assert.That(listJson, Does.Not.Contain(secret["whsec_".Length..]), "never listed");
            Assert.That(item.TryGetProperty("secret", out _), Is.False);
            Assert.That(item.GetProperty("disabledReason").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(item.GetProperty("url").GetString(), Is.EqualTo("https://partner.example/hooks"));
            Assert.That(ciphertext, Does.Not.Contain(secret["whsec_".Length..]).And.Not.Contain("whsec_"), "encrypted at rest");
        });
    }

    [TestCase("page=0", "page")]
    [TestCase("pageSize=0", "pageSize")]
    [TestCase("pageSize=101", "pageSize")]
    [TestCase("status=lost", "status")]
    public async Task Bad_paging_or_status_is_a_problem_naming_the_field(string query, string field)
    {
        using var partner = _app.PartnerClient("partner-paging");
        using var staff = _app.StaffClient();
        using var partnerResponse = await partner.GetAsync($"/partner/v1/webhooks/deliveries?{query}");
        using var staffResponse = await staff.GetAsync($"/api/notifications/admin/webhooks/deliveries?{query}");
        await AssertProblemAsync(partnerResponse, field);
        await AssertProblemAsync(staffResponse, field);
    }

    [Test]
    public async Task Unknown_ids_are_not_found()
    {
        using var partner = _app.PartnerClient("partner-unknown");
        using var staff = _app.StaffClient();
        var missing = "msg_" + Guid.CreateVersion7().ToString("N");
        Assert.Multiple(async () =>
        {
            Assert.That((await partner.PostAsync($"/partner/v1/webhooks/deliveries/{missing}/replay", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await partner.PostAsync("/partner/v1/webhooks/deliveries/not-an-id/replay", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await partner.DeleteAsync($"/partner/v1/webhooks/endpoints/{Guid.CreateVersion7()}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await staff.GetAsync($"/api/notifications/admin/webhooks/deliveries/{missing}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await staff.PostAsync($"/api/notifications/admin/webhooks/deliveries/{missing}/replay", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task A_customer_token_is_forbidden_on_the_partner_api()
    {
        using var customer = _app.ClientFor(Guid.CreateVersion7());
        using var wrongScope = _app.PartnerClient("partner-scopeless", scope: "notifications");
        using var anonymous = _app.CreateClient();
        Assert.Multiple(async () =>
        {
            Assert.That((await customer.GetAsync("/partner/v1/webhooks/endpoints")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await customer.PostAsJsonAsync("/partner/v1/webhooks/endpoints", new { url = "https://x.example/" })).StatusCode,
                Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await customer.GetAsync("/partner/v1/webhooks/deliveries")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await wrongScope.GetAsync("/partner/v1/webhooks/endpoints")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await anonymous.GetAsync("/partner/v1/webhooks/endpoints")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
        Assert.That(await EndpointCountAsync("partner-scopeless"), Is.Zero);
    }

    [Test]
    public async Task Only_staff_reach_the_staff_api()
    {
        using var customer = _app.ClientFor(Guid.CreateVersion7());
        using var partner = _app.PartnerClient("partner-nosy");
        using var staff = _app.StaffClient();
        var missing = "msg_" + Guid.CreateVersion7().ToString("N");
        Assert.Multiple(async () =>
        {
            Assert.That((await customer.GetAsync("/api/notifications/admin/webhooks/deliveries")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await customer.GetAsync($"/api/notifications/admin/webhooks/deliveries/{missing}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await customer.PostAsync($"/api/notifications/admin/webhooks/deliveries/{missing}/replay", null)).StatusCode,
                Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await partner.GetAsync("/api/notifications/admin/webhooks/deliveries")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await staff.GetAsync("/api/notifications/admin/webhooks/deliveries")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    private async Task<int> EndpointCountAsync(string partner)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationsDb>().WebhookEndpoints.CountAsync(e => e.ClientId == partner);
    }

    private static async Task<ValidationProblem> AssertProblemAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = JsonSerializer.Deserialize<ValidationProblem>(text, JsonSerializerOptions.Web);
        Assert.That(problem!.Errors.Keys, Does.Contain(field), text);
        return problem;
    }
}
