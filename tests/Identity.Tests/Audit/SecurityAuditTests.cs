using System.Net;
using System.Text.Json;
using Jade.Contracts.Identity;
using Jade.Identity.Tests.Passkeys;
using Jade.Identity.Users;
using Jade.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Jade.Identity.Tests.Audit;

/// <summary>Every sign-in and every change to how a customer signs in lands in identity's hash-chained audit log with it; a refused change leaves nothing.</summary>
public sealed class SecurityAuditTests : PasskeyFixture
{
    private const string NewPassword = "Another-Horse8Battery";
    private const string ActivityUrl = "/api/identity/security-activity";

    [Test]
    public async Task Each_sign_in_change_is_recorded_with_who_what_and_when_and_no_secret()
    {
        var (client, email, userId) = await CustomerAsync();
        await client.JsonAsync(HttpMethod.Post, "/api/identity/password", new { currentPassword = StrongPassword, newPassword = NewPassword },
            HttpStatusCode.NoContent);
        var totp = await EnableAuthenticatorAsync(client);
        var codes = await client.JsonAsync(HttpMethod.Post, "/api/identity/2fa/recovery-codes", new { password = NewPassword });
        await client.JsonAsync(HttpMethod.Post, "/api/identity/2fa/disable", new { code = totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30)) },
            HttpStatusCode.NoContent);
        using var passkey = new SoftwarePasskey();
        await client.RegisterAsync(passkey, "Laptop", NewPassword);
        await client.JsonAsync(HttpMethod.Put, $"{PasskeyClient.Url}/{passkey.Id}/name", new { name = "Old laptop" });
        await client.JsonAsync(HttpMethod.Delete, $"{PasskeyClient.Url}/{passkey.Id}", expected: HttpStatusCode.NoContent);

        var trail = await TrailAsync(userId);
        Assert.That(trail.Select(r => r.Action), Is.EqualTo(new[]
        {
            "sign_in", "password.change", "two_factor.enable", "recovery_codes.regenerate", "two_factor.disable",
            "passkey.add", "passkey.rename", "passkey.remove",
        }));
        Assert.Multiple(() =>
        {
            Assert.That(trail.Select(r => r.ActorId).Distinct(), Is.EqualTo(new[] { userId }), "the customer acted");
            Assert.That(trail.Select(r => r.ActorName).Distinct(), Is.EqualTo(new[] { email }));
            Assert.That(trail.Select(r => r.EntityId).Distinct(), Is.EqualTo(new[] { userId }));
            Assert.That(trail.Select(r => r.Entity).Distinct(), Is.EqualTo(new[] { "user" }));
            Assert.That(trail.Select(r => r.At), Is.Ordered);
            Assert.That(Json(trail[0].After).GetProperty("method").GetString(), Is.EqualTo("password"));
            Assert.That(Json(trail[2].After).GetProperty("enabled").GetBoolean(), Is.True);
            Assert.That(Json(trail[6].Before).GetProperty("name").GetString(), Is.EqualTo("Laptop"));
            Assert.That(Json(trail[6].After).GetProperty("name").GetString(), Is.EqualTo("Old laptop"));
            Assert.That(Json(trail[7].Before).GetProperty("id").GetString(), Is.EqualTo(passkey.Id));
        });
        var written = string.Join("\n", trail.Select(r => $"{r.Before} {r.After}"));
        Assert.That(written, Does.Not.Contain(NewPassword).And.Not.Contain(StrongPassword));
        foreach (var code in codes.GetProperty("recoveryCodes").EnumerateArray())
        {
            Assert.That(written, Does.Not.Contain(code.GetString()!), "recovery codes are never written");
        }
        Assert.That(AuditTrail.Verify(await AllRecordsAsync()), Is.Null, "the chain verifies");
        Assert.That(App.OutboxPayloads(nameof(TwoFactorDisabled), userId), Has.Count.EqualTo(1),
            "turning the second factor off alerts the customer, in case it was not them");
    }

    [Test]
    public async Task A_refused_change_records_nothing()
    {
        var (client, _, userId) = await CustomerAsync();
        using (var wrongPassword = await client.SendAsync(HttpMethod.Post, "/api/identity/password", new { currentPassword = "Wrong-Horse7Battery", newPassword = NewPassword }))
        {
            Assert.That(wrongPassword.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }
        using (var weak = await client.SendAsync(HttpMethod.Post, "/api/identity/password", new { currentPassword = StrongPassword, newPassword = "short" }))
        {
            Assert.That(weak.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }
        await client.JsonAsync(HttpMethod.Post, "/api/identity/2fa/authenticator");
        using (var wrongCode = await client.SendAsync(HttpMethod.Post, "/api/identity/2fa/enable", new { code = "000000" }))
        {
            Assert.That(wrongCode.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }
        using var phished = new SoftwarePasskey { Origin = "https://jade-login.example" };
        var ceremony = await client.BeginRegistrationAsync();
        using (var refused = await client.CompleteRegistrationAsync(ceremony, phished.Create(ceremony.GetProperty("options"))))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }
        // A later change in the same service still records only itself.
        await client.JsonAsync(HttpMethod.Post, "/api/identity/password", new { currentPassword = StrongPassword, newPassword = NewPassword },
            HttpStatusCode.NoContent);
        Assert.That((await TrailAsync(userId)).Select(r => r.Action), Is.EqualTo(new[] { "sign_in", "password.change" }));
    }

    [Test]
    public async Task A_customer_reads_their_own_activity_newest_first_page_by_page()
    {
        var (client, _, _) = await CustomerAsync();
        var (other, _, _) = await CustomerAsync();
        using var passkey = new SoftwarePasskey();
        await client.RegisterAsync(passkey, "Laptop");
        await client.JsonAsync(HttpMethod.Put, $"{PasskeyClient.Url}/{passkey.Id}/name", new { name = "Old laptop" });
        await client.JsonAsync(HttpMethod.Post, "/api/identity/password", new { currentPassword = StrongPassword, newPassword = NewPassword },
            HttpStatusCode.NoContent);
        await other.JsonAsync(HttpMethod.Post, "/api/identity/password", new { currentPassword = StrongPassword, newPassword = NewPassword },
            HttpStatusCode.NoContent);

        var first = await client.JsonAsync(HttpMethod.Get, $"{ActivityUrl}?page=1&pageSize=2");
        var items = first.GetProperty("items").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("total").GetInt32(), Is.EqualTo(4), "only this customer's sign-in and changes");
            Assert.That(first.GetProperty("pageSize").GetInt32(), Is.EqualTo(2));
            Assert.That(items.Select(i => i.GetProperty("action").GetString()), Is.EqualTo(new[] { "password.change", "passkey.rename" }));
            Assert.That(items[1].GetProperty("details").GetProperty("name").GetString(), Is.EqualTo("Old laptop"));
            Assert.That(items[0].GetProperty("details").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(items[0].GetProperty("ipAddress").GetString(), Is.EqualTo("unknown"), "the test server has no client address");
        });
        var second = await client.JsonAsync(HttpMethod.Get, $"{ActivityUrl}?page=2&pageSize=2");
        Assert.That(second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("action").GetString()), Is.EqualTo(new[] { "passkey.add", "sign_in" }));
        var others = await other.JsonAsync(HttpMethod.Get, ActivityUrl);
        Assert.That(others.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("action").GetString()), Is.EqualTo(new[] { "password.change", "sign_in" }));
    }

    [Test]
    public async Task The_wrong_password_that_locks_the_account_at_sign_in_is_recorded_and_alerted_once()
    {
        var (_, email, userId) = await CustomerAsync();
        using var browser = App.NewBrowser();
        for (var i = 0; i <= IdentityApp.MaxFailedAttempts; i++)
        {
            using var attempt = await browser.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = $"Wrong-Horse{i}Battery" });
        }

        var locks = (await TrailAsync(userId)).Where(r => r.Action == "account.locked").ToList();
        Assert.That(locks, Has.Count.EqualTo(1), "the attempt that locked it, not the one refused while locked");
        var details = Json(locks[0].After);
        Assert.Multiple(() =>
        {
            Assert.That(details.GetProperty("step").GetString(), Is.EqualTo("sign_in"));
            Assert.That(details.GetProperty("until").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(10)));
            Assert.That(locks[0].ActorId, Is.EqualTo(userId));
            Assert.That(locks[0].ActorName, Is.EqualTo(email));
        });

        var alert = App.OutboxPayloads(nameof(AccountLocked), userId).Single();
        Assert.Multiple(() =>
        {
            Assert.That(alert.GetProperty("step").GetString(), Is.EqualTo("sign_in"));
            Assert.That(alert.GetProperty("lockedUntil").GetDateTimeOffset(), Is.EqualTo(details.GetProperty("until").GetDateTimeOffset()));
            Assert.That(alert.GetProperty("ipAddress").GetString(), Is.EqualTo("unknown"), "masked by DeviceSighting; the test server has no client address");
            Assert.That(alert.GetProperty("device").GetString(), Is.Not.Empty);
        });
    }

    [TestCase("page=0", "page")]
    [TestCase("pageSize=101", "pageSize")]
    [TestCase("pageSize=0", "pageSize")]
    public async Task Bad_paging_names_the_field(string query, string field)
    {
        var (client, _, _) = await CustomerAsync();
        using var response = await client.SendAsync(HttpMethod.Get, $"{ActivityUrl}?{query}");
        await PasskeyManagementTests.AssertFieldErrorAsync(response, field);
    }

    [Test]
    public async Task Activity_needs_a_signed_in_customer()
    {
        using var api = App.NewApiClient();
        using var response = await api.GetAsync(ActivityUrl);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static async Task<Totp> EnableAuthenticatorAsync(PasskeyClient client)
    {
        var setup = await client.JsonAsync(HttpMethod.Post, "/api/identity/2fa/authenticator");
        var totp = new Totp(Base32Encoding.ToBytes(setup.GetProperty("sharedKey").GetString()!.Replace(" ", "", StringComparison.Ordinal)));
        await client.JsonAsync(HttpMethod.Post, "/api/identity/2fa/enable", new { code = totp.ComputeTotp() });
        return totp;
    }

    private async Task<List<AuditRecord>> TrailAsync(string userId)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDb>();
        return await db.Set<AuditRecord>().Where(r => r.EntityId == userId).OrderBy(r => r.Id).ToListAsync();
    }

    private async Task<List<AuditRecord>> AllRecordsAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityDb>().Set<AuditRecord>().OrderBy(r => r.Id).ToListAsync();
    }

    private static JsonElement Json(string? text) => JsonDocument.Parse(text!).RootElement.Clone();
}
