using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Contracts.Identity;
using Microsoft.AspNetCore.Hosting;

namespace Jade.Identity.Tests.Passkeys;

public sealed class PasskeyManagementTests : PasskeyFixture
{
    private const int Limit = 3;

    protected override void ConfigureApp(IWebHostBuilder builder) =>
        builder.UseSetting("Identity:Passkeys:MaxPerUser", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Test]
    public async Task A_customer_adds_renames_and_removes_a_passkey()
    {
        var (client, email, _) = await CustomerAsync();
        Assert.That(await client.ListAsync(), Is.Empty);

        var ceremony = await client.BeginRegistrationAsync();
        var options = ceremony.GetProperty("options");
        Assert.Multiple(() =>
        {
            Assert.That(options.GetProperty("rp").GetProperty("id").GetString(), Is.EqualTo("localhost"), "bound to the public origin's host");
            Assert.That(options.GetProperty("user").GetProperty("name").GetString(), Is.EqualTo(email));
            Assert.That(options.GetProperty("authenticatorSelection").GetProperty("residentKey").GetString(), Is.EqualTo("required"));
            Assert.That(options.GetProperty("authenticatorSelection").GetProperty("userVerification").GetString(), Is.EqualTo("required"));
            Assert.That(ceremony.GetProperty("expiresAt").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow));
        });
        using var passkey = new SoftwarePasskey();
        using var created = await client.CompleteRegistrationAsync(ceremony, passkey.Create(options), "  Work laptop  ");
        var body = await created.Content.ReadAsStringAsync();
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        var view = JsonDocument.Parse(body).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("id").GetString(), Is.EqualTo(passkey.Id));
            Assert.That(view.GetProperty("name").GetString(), Is.EqualTo("Work laptop"));
            Assert.That(view.GetProperty("backedUp").GetBoolean(), Is.False);
            Assert.That(created.Headers.Location?.ToString(), Is.EqualTo($"/api/identity/passkeys/{passkey.Id}"));
        });
        Assert.That((await client.ListAsync()).Select(p => p.GetProperty("name").GetString()), Is.EqualTo(new[] { "Work laptop" }));

        var renamed = await client.JsonAsync(HttpMethod.Put, $"{PasskeyClient.Url}/{passkey.Id}/name", new { name = "Old laptop" });
        Assert.That(renamed.GetProperty("name").GetString(), Is.EqualTo("Old laptop"));
        Assert.That((await client.ListAsync()).Single().GetProperty("name").GetString(), Is.EqualTo("Old laptop"));

        await client.JsonAsync(HttpMethod.Delete, $"{PasskeyClient.Url}/{passkey.Id}", expected: HttpStatusCode.NoContent);
        Assert.That(await client.ListAsync(), Is.Empty);
        Assert.That(App.CountRows("user_passkeys", $"credential_id = decode('{Convert.ToHexString(passkey.CredentialId)}', 'hex')"), Is.Zero);
    }

    [Test]
    public async Task The_customer_is_alerted_to_every_passkey_added_and_to_nothing_refused()
    {
        var (client, _, userId) = await CustomerAsync();
        using var phished = new SoftwarePasskey { Origin = "https://jade-login.example" };
        var refused = await client.BeginRegistrationAsync();
        using (var response = await client.CompleteRegistrationAsync(refused, phished.Create(refused.GetProperty("options"))))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }
        Assert.That(Alerts(userId), Is.Empty);

        using var passkey = new SoftwarePasskey();
        await client.RegisterAsync(passkey, "Work laptop");
        var alert = Alerts(userId).Single();
        Assert.Multiple(() =>
        {
            Assert.That(alert.GetProperty("passkeyId").GetString(), Is.EqualTo(passkey.Id));
            Assert.That(alert.GetProperty("name").GetString(), Is.EqualTo("Work laptop"));
            // The test server has no client address; masking itself is DeviceSighting's, tested with the new-device alert.
            Assert.That(alert.GetProperty("ipAddress").GetString(), Is.EqualTo("unknown"));
            Assert.That(alert.GetProperty("device").GetString(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task A_ceremony_answers_once()
    {
        var (client, _, _) = await CustomerAsync();
        var ceremony = await client.BeginRegistrationAsync();
        using var passkey = new SoftwarePasskey();
        var credential = passkey.Create(ceremony.GetProperty("options"));
        using (var first = await client.CompleteRegistrationAsync(ceremony, credential))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        using var replay = await client.CompleteRegistrationAsync(ceremony, credential, "Replayed");
        await AssertFieldErrorAsync(replay, "ceremonyId");
        Assert.That((await client.ListAsync()).Select(p => p.GetProperty("name").GetString()), Is.EqualTo(new[] { "My phone" }));
    }

    [Test]
    public async Task An_answer_from_another_origin_or_to_another_challenge_is_refused_and_nothing_is_stored()
    {
        var (client, _, _) = await CustomerAsync();
        using var phished = new SoftwarePasskey { Origin = "https://jade-login.example" };
        var ceremony = await client.BeginRegistrationAsync();
        using (var response = await client.CompleteRegistrationAsync(ceremony, phished.Create(ceremony.GetProperty("options"))))
        {
            await AssertFieldErrorAsync(response, "credential");
        }

        using var passkey = new SoftwarePasskey();
        var first = await client.BeginRegistrationAsync();
        var second = await client.BeginRegistrationAsync();
        using (var crossed = await client.CompleteRegistrationAsync(second, passkey.Create(first.GetProperty("options"))))
        {
            await AssertFieldErrorAsync(crossed, "credential");
        }
        Assert.That(await client.ListAsync(), Is.Empty);
    }

    [Test]
    public async Task Another_customer_can_neither_use_the_ceremony_nor_see_rename_or_remove_the_passkey()
    {
        var (owner, _, _) = await CustomerAsync();
        var (other, _, _) = await CustomerAsync();
        using var passkey = new SoftwarePasskey();
        await owner.RegisterAsync(passkey);

        var ceremony = await owner.BeginRegistrationAsync();
        using var stolen = new SoftwarePasskey();
        using (var response = await other.CompleteRegistrationAsync(ceremony, stolen.Create(ceremony.GetProperty("options"))))
        {
            await AssertFieldErrorAsync(response, "ceremonyId");
        }
        Assert.That(await other.ListAsync(), Is.Empty);
        await other.JsonAsync(HttpMethod.Put, $"{PasskeyClient.Url}/{passkey.Id}/name", new { name = "Mine now" }, HttpStatusCode.NotFound);
        await other.JsonAsync(HttpMethod.Delete, $"{PasskeyClient.Url}/{passkey.Id}", expected: HttpStatusCode.NotFound);
        await owner.JsonAsync(HttpMethod.Delete, $"{PasskeyClient.Url}/not*base64url", expected: HttpStatusCode.NotFound);
        Assert.That((await owner.ListAsync()).Single().GetProperty("name").GetString(), Is.EqualTo("My phone"));
    }

    [TestCase(null, "name")]
    [TestCase("   ", "name")]
    [TestCase("012345678901234567890123456789012345678901234567890", "name", Description = "51 characters")]
    public async Task A_bad_name_is_refused_naming_the_field_and_the_ceremony_stays_usable(string? name, string field)
    {
        var (client, _, _) = await CustomerAsync();
        var ceremony = await client.BeginRegistrationAsync();
        using var passkey = new SoftwarePasskey();
        var credential = passkey.Create(ceremony.GetProperty("options"));
        using (var response = await client.CompleteRegistrationAsync(ceremony, credential, name))
        {
            await AssertFieldErrorAsync(response, field);
        }
        Assert.That(await client.ListAsync(), Is.Empty);
        using var retried = await client.CompleteRegistrationAsync(ceremony, credential, "Fixed name");
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task A_registration_without_ceremony_or_credential_names_both_fields()
    {
        var (client, _, _) = await CustomerAsync();
        using var response = await client.SendAsync(HttpMethod.Post, PasskeyClient.Url, new { name = "Phone" });
        var errors = await AssertFieldErrorAsync(response, "ceremonyId");
        Assert.That(errors.TryGetProperty("credential", out _), Is.True);
        using var notObject = await client.SendAsync(HttpMethod.Post, PasskeyClient.Url, new { name = "Phone", ceremonyId = Guid.NewGuid(), credential = "text" });
        await AssertFieldErrorAsync(notObject, "credential");
        using var rename = await client.SendAsync(HttpMethod.Put, $"{PasskeyClient.Url}/abc/name", new { name = "" });
        await AssertFieldErrorAsync(rename, "name");
    }

    [Test]
    public async Task The_same_authenticator_cannot_be_added_twice()
    {
        var (client, _, _) = await CustomerAsync();
        using var passkey = new SoftwarePasskey();
        await client.RegisterAsync(passkey);
        var ceremony = await client.BeginRegistrationAsync();
        var excluded = ceremony.GetProperty("options").GetProperty("excludeCredentials").EnumerateArray().Select(c => c.GetProperty("id").GetString());
        Assert.That(excluded, Is.EqualTo(new[] { passkey.Id }), "the browser is told which authenticator already has one");

        using var again = await client.CompleteRegistrationAsync(ceremony, passkey.Create(ceremony.GetProperty("options")), "Again");
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/passkey-exists"));
        Assert.That(await client.ListAsync(), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task The_number_of_passkeys_is_limited()
    {
        var (client, _, _) = await CustomerAsync();
        var passkeys = Enumerable.Range(0, Limit).Select(_ => new SoftwarePasskey()).ToList();
        foreach (var passkey in passkeys)
        {
            await client.RegisterAsync(passkey);
        }
        var list = await client.JsonAsync(HttpMethod.Get, PasskeyClient.Url);
        Assert.That(list.GetProperty("limit").GetInt32(), Is.EqualTo(Limit));
        using var begin = await client.SendAsync(HttpMethod.Post, PasskeyClient.RegistrationsUrl, new { password = StrongPassword });
        var problem = await begin.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(begin.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/passkey-limit"));
        passkeys.ForEach(p => p.Dispose());
    }

    [Test]
    public async Task The_passkey_api_needs_a_signed_in_customer()
    {
        using var api = App.NewApiClient();
        using var anonymous = await api.GetAsync(PasskeyClient.Url);
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var clientToken = await OidcFlow.ClientCredentialsAsync(App, IdentityApp.IdentityClientId, IdentityApp.ServiceSecret, "identity");
        var serviceToken = OidcFlow.ParseTokens(await clientToken.Content.ReadAsStringAsync()).AccessToken;
        using var service = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, $"{PasskeyClient.Url}/registrations", serviceToken));
        Assert.That(service.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    /// <summary>The <c>PasskeyAdded</c> payloads in identity's outbox for <paramref name="userId"/>.</summary>
    private List<JsonElement> Alerts(string userId) => App.OutboxPayloads(nameof(PasskeyAdded), userId);

    internal static async Task<JsonElement> AssertFieldErrorAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.That(errors.TryGetProperty(field, out _), Is.True, text);
        return errors.Clone();
    }
}
