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
                Assert.That(seed.Staff.Single(s => s.Email == "admin@jade.local").Roles, Is.EquivalentTo(new[] { "staff", "admin" }));
                Assert.That(seed.Staff.Where(s => s.Roles.Contains("risk_officer")).Select(s => s.Email),
                    Is.EquivalentTo(new[] { "officer1@jade.local", "officer2@jade.local" }), "two officers for four-eyes approval");
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

    private async Task SeedAsync(string path)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DevSeeder>().SeedAsync(path, CancellationToken.None);
    }
}
