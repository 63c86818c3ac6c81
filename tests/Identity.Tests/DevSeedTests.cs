using System.Net;
using System.Text.Json;
using Jade.Identity.Seeding;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Identity.Tests;

public sealed class DevSeedTests : IdentityFixture
{
    [Test]
    public async Task Seeding_twice_keeps_the_credentials_and_they_work()
    {
        var path = Path.Combine(Path.GetTempPath(), $"jade-seed-{Guid.NewGuid():N}", "dev-credentials.json");
        try
        {
            await SeedAsync(path);
            var first = await File.ReadAllTextAsync(path);
            await SeedAsync(path);
            var second = await File.ReadAllTextAsync(path);

            Assert.That(second, Is.EqualTo(first));
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "credentials are owner-only");
            }
            var seed = JsonSerializer.Deserialize<DevSeedFile>(first, JsonSerializerOptions.Web)!;
            Assert.Multiple(() =>
            {
                Assert.That(seed.GatewayUrl, Is.EqualTo("http://localhost/"));
                Assert.That(seed.Staff.Single(s => s.Email == "admin@jade.local").Roles, Is.EquivalentTo(new[] { "staff", "admin", "payments_operator", "support_agent" }));
                Assert.That(seed.Staff.Where(s => s.Roles.Contains("risk_officer")).Select(s => s.Email),
                    Is.EquivalentTo(new[] { "officer1@jade.local", "officer2@jade.local" }), "two officers for four-eyes approval");
                Assert.That(seed.Staff.Where(s => s.Roles.Contains("support_agent")).Select(s => s.Email),
                    Is.EquivalentTo(new[] { "admin@jade.local", "support@jade.local" }), "two agents for four-eyes approval of support resets");
                Assert.That(seed.Staff.Select(s => s.Password).Distinct().Count(), Is.EqualTo(seed.Staff.Count), "every staff password generated on its own");
                Assert.That(seed.Clients.Select(c => c.ClientId), Is.EquivalentTo(new[] { "partner-demo", "ops" }));
                Assert.That(App.CountRows("users", "email = 'customer@jade.local'"), Is.EqualTo(1));
                Assert.That(App.CountRows("outbox_messages", "payload->>'email' = 'customer@jade.local'"), Is.EqualTo(1));
            });

            foreach (var officer in seed.Staff.Where(s => s.Roles.Contains("risk_officer")))
            {
                Assert.That(officer.Roles, Is.EquivalentTo(new[] { "staff", "risk_officer" }));
                Assert.That((await OidcFlow.SignInAsync(App, officer.Email, officer.Password)).AccessToken, Is.Not.Empty);
            }
            var customer = seed.Customers.Single();
            Assert.That((await OidcFlow.SignInAsync(App, customer.Email, customer.Password)).AccessToken, Is.Not.Empty);
            var ops = seed.Clients.Single(c => c.ClientId == "ops");
            using var token = await OidcFlow.ClientCredentialsAsync(App, ops.ClientId, ops.ClientSecret, string.Join(' ', ops.Scopes));
            Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.OK), await token.Content.ReadAsStringAsync());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Test]
    public async Task The_demo_partner_can_get_a_webhooks_token_for_the_notifications_audience_alongside_partner_payments()
    {
        var path = Path.Combine(Path.GetTempPath(), $"jade-seed-{Guid.NewGuid():N}", "dev-credentials.json");
        try
        {
            await SeedAsync(path);
            var seed = JsonSerializer.Deserialize<DevSeedFile>(await File.ReadAllTextAsync(path), JsonSerializerOptions.Web)!;
            var partner = seed.Clients.Single(c => c.ClientId == "partner-demo");
            Assert.That(partner.Scopes, Is.EquivalentTo(new[] { "payments.partner", "notifications.webhooks" }));

            using var webhooks = await OidcFlow.ClientCredentialsAsync(App, partner.ClientId, partner.ClientSecret, "notifications.webhooks");
            var body = await webhooks.Content.ReadAsStringAsync();
            Assert.That(webhooks.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            var payload = OidcFlow.Payload(OidcFlow.ParseTokens(body).AccessToken);
            Assert.Multiple(() =>
            {
                Assert.That(Audiences(payload), Is.EquivalentTo(new[] { "notifications" }));
                Assert.That(payload.GetProperty("scope").GetString(), Is.EqualTo("notifications.webhooks"));
                Assert.That(payload.GetProperty("sub").GetString(), Is.EqualTo("partner-demo"), "the partner is the token's subject");
            });

            using var both = await OidcFlow.ClientCredentialsAsync(App, partner.ClientId, partner.ClientSecret, "payments.partner notifications.webhooks");
            var bothBody = await both.Content.ReadAsStringAsync();
            Assert.That(both.StatusCode, Is.EqualTo(HttpStatusCode.OK), bothBody);
            Assert.That(Audiences(OidcFlow.Payload(OidcFlow.ParseTokens(bothBody).AccessToken)), Is.EquivalentTo(new[] { "payments", "notifications" }));

            using var notGranted = await OidcFlow.ClientCredentialsAsync(App, partner.ClientId, partner.ClientSecret, "notifications");
            Assert.That(notGranted.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the customer-facing notifications scope is not the partner's");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    private static IEnumerable<string?> Audiences(JsonElement payload) =>
        payload.GetProperty("aud") is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().Select(a => a.GetString()) : [payload.GetProperty("aud").GetString()];

    private async Task SeedAsync(string path)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DevSeeder>().SeedAsync(path, CancellationToken.None);
    }
}
