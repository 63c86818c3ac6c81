using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Identity.Tests;

public sealed class RegistrationApiTests : IdentityFixture
{
    private static IEnumerable<TestCaseData> BadInputs()
    {
        yield return new TestCaseData("not-an-email", StrongPassword, null, "email").SetName("Invalid email");
        yield return new TestCaseData("", StrongPassword, null, "email").SetName("Missing email");
        yield return new TestCaseData(null, "short1A", null, "password").SetName("Too short password");
        yield return new TestCaseData(null, "alllowercase123", null, "password").SetName("Password without upper case");
        yield return new TestCaseData(null, "NoDigitsInHere", null, "password").SetName("Password without digit");
        yield return new TestCaseData(new string('a', 250) + "@example.com", StrongPassword, null, "email").SetName("Email over 256");
        yield return new TestCaseData(null, StrongPassword + new string('x', 120), null, "password").SetName("Password over 128");
        yield return new TestCaseData(null, StrongPassword, new string('1', 33), "phoneNumber").SetName("Phone over 32");
        yield return new TestCaseData(null, StrongPassword, "call me maybe", "phoneNumber").SetName("Phone not E.164");
    }

    [TestCaseSource(nameof(BadInputs))]
    public async Task Bad_input_is_a_400_naming_the_field_and_writes_no_user(string? email, string password, string? phone, string field)
    {
        var usersBefore = App.CountRows("users");
        using var api = App.NewApiClient();

        using var response = await api.PostAsJsonAsync("/api/identity/registrations",
            new { email = email ?? UniqueEmail(), password, phoneNumber = phone });

        await AssertValidationProblemAsync(response, field);
        Assert.That(App.CountRows("users"), Is.EqualTo(usersBefore));
        Assert.That(App.CountRows("outbox_messages"), Is.EqualTo(usersBefore), "no outbox message without a user");
    }

    [Test]
    public async Task Duplicate_email_is_a_400_naming_email_and_writes_nothing()
    {
        var email = await RegisterAsync(UniqueEmail());
        var usersBefore = App.CountRows("users");
        using var api = App.NewApiClient();

        using var response = await api.PostAsJsonAsync("/api/identity/registrations", new { email = email.ToUpperInvariant(), password = StrongPassword });

        await AssertValidationProblemAsync(response, "email");
        Assert.That(App.CountRows("users"), Is.EqualTo(usersBefore));
    }

    [Test]
    public async Task Success_writes_the_user_and_one_UserRegistered_outbox_message()
    {
        var email = UniqueEmail();
        using var api = App.NewApiClient();

        using var response = await api.PostAsJsonAsync("/api/identity/registrations",
            new { email, password = StrongPassword, phoneNumber = "+86 138-1234-5678", language = "en" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Multiple(() =>
        {
            Assert.That(App.CountRows("users", $"id = '{id}' AND email = '{email}' AND language = 'en'"), Is.EqualTo(1));
            Assert.That(App.CountRows("users", $"id = '{id}' AND phone_number IS NOT NULL AND phone_number NOT LIKE '%12345678%'"), Is.EqualTo(1),
                "the phone number is stored encrypted");
            Assert.That(App.CountRows("outbox_messages",
                $"type LIKE 'Jade.Contracts.Identity.UserRegistered,%' AND payload->>'userId' = '{id}' AND payload->>'language' = 'en'"), Is.EqualTo(1));
            Assert.That(App.CountRows("user_roles", $"user_id = '{id}'"), Is.EqualTo(1), "customer role");
        });
    }

    [Test]
    public async Task Phone_numbers_and_authenticator_secrets_are_encrypted_at_rest_and_read_back_intact()
    {
        var email = UniqueEmail();
        using var api = App.NewApiClient();
        using var response = await api.PostAsJsonAsync("/api/identity/registrations", new { email, password = StrongPassword, phoneNumber = "+8613912345678" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<JadeUser>>();
        var user = (await users.FindByIdAsync(id.ToString()))!;
        await users.ResetAuthenticatorKeyAsync(user);
        var secret = (await users.GetAuthenticatorKeyAsync(user))!;

        Assert.Multiple(() =>
        {
            Assert.That(user.PhoneNumber, Is.EqualTo("+8613912345678"));
            Assert.That(App.CountRows("users", $"id = '{id}' AND phone_number LIKE '%13912345678%'"), Is.Zero);
            Assert.That(App.CountRows("user_tokens", $"user_id = '{id}'"), Is.EqualTo(1));
            Assert.That(App.CountRows("user_tokens", $"user_id = '{id}' AND value = '{secret}'"), Is.Zero, "the TOTP secret is stored encrypted");
        });
    }

    private static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using var json = JsonDocument.Parse(body);
        Assert.That(json.RootElement.GetProperty("errors").TryGetProperty(field, out _), Is.True, body);
    }
}
