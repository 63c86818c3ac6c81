using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Identity.Users;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Identity.Tests.Passkeys;

public sealed class PasskeyStepUpTests : PasskeyFixture
{
    private const string OptionsUrl = "/api/identity/step-up/passkey-options";
    private const string StepUpUrl = "/api/identity/step-up";
    private const string Purpose = StepUpTokens.Purposes.PaymentPinReset;

    [Test]
    public async Task A_passkey_buys_a_step_up_token_without_an_authenticator_app()
    {
        var ((client, email, _), passkey) = await CustomerWithPasskeyAsync();
        var ceremony = await client.JsonAsync(HttpMethod.Post, OptionsUrl, new { purpose = Purpose });
        var options = ceremony.GetProperty("options");
        Assert.That(options.GetProperty("allowCredentials").EnumerateArray().Select(c => c.GetProperty("id").GetString()),
            Is.EqualTo(new[] { passkey.Id }), "only this customer's passkeys are offered");

        var answer = await client.JsonAsync(HttpMethod.Post, StepUpUrl,
            new { purpose = Purpose, ceremonyId = ceremony.GetProperty("ceremonyId").GetString(), credential = passkey.Get(options) });
        Assert.That(answer.GetProperty("method").GetString(), Is.EqualTo("hwk"));
        var payload = OidcFlow.Payload(answer.GetProperty("token").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(payload.GetProperty("sub").GetString(), Is.EqualTo(OidcFlow.Payload(client.Tokens.AccessToken).GetProperty("sub").GetString()));
            Assert.That(payload.GetProperty("purpose").GetString(), Is.EqualTo(Purpose));
            Assert.That(payload.GetProperty("amr").EnumerateArray().Select(m => m.GetString()), Is.EqualTo(new[] { "hwk" }));
            Assert.That(payload.GetProperty("aud").GetString(), Is.EqualTo(StepUpTokens.Audience));
        });
        Assert.That(await StoredSignCountAsync(email, passkey), Is.EqualTo(passkey.SignCount), "the counter is kept to spot a cloned authenticator");
    }

    [Test]
    public async Task An_answer_is_good_for_one_step_up()
    {
        var ((client, _, _), passkey) = await CustomerWithPasskeyAsync();
        var ceremony = await client.JsonAsync(HttpMethod.Post, OptionsUrl, new { purpose = Purpose });
        var body = new { purpose = Purpose, ceremonyId = ceremony.GetProperty("ceremonyId").GetString(), credential = passkey.Get(ceremony.GetProperty("options")) };
        await client.JsonAsync(HttpMethod.Post, StepUpUrl, body);
        using var replay = await client.SendAsync(HttpMethod.Post, StepUpUrl, body);
        await PasskeyManagementTests.AssertFieldErrorAsync(replay, "ceremonyId");
    }

    [Test]
    public async Task Another_customers_passkey_does_not_step_this_customer_up()
    {
        var ((client, _, _), _) = await CustomerWithPasskeyAsync();
        var (_, otherPasskey) = await CustomerWithPasskeyAsync();
        var ceremony = await client.JsonAsync(HttpMethod.Post, OptionsUrl, new { purpose = Purpose });
        using var response = await client.SendAsync(HttpMethod.Post, StepUpUrl,
            new { purpose = Purpose, ceremonyId = ceremony.GetProperty("ceremonyId").GetString(), credential = otherPasskey.Get(ceremony.GetProperty("options")) });
        await PasskeyManagementTests.AssertFieldErrorAsync(response, "credential");
    }

    [Test]
    public async Task A_ceremony_begun_for_registration_does_not_step_up()
    {
        var ((client, _, _), passkey) = await CustomerWithPasskeyAsync();
        var registration = await client.BeginRegistrationAsync();
        using var response = await client.SendAsync(HttpMethod.Post, StepUpUrl,
            new { purpose = Purpose, ceremonyId = registration.GetProperty("ceremonyId").GetString(), credential = passkey.Get(Options(registration)) });
        await PasskeyManagementTests.AssertFieldErrorAsync(response, "ceremonyId");
    }

    [Test]
    public async Task Without_a_passkey_the_options_say_so()
    {
        var (client, _, _) = await CustomerAsync();
        using var response = await client.SendAsync(HttpMethod.Post, OptionsUrl, new { purpose = Purpose });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/passkey-required"));
    }

    [Test]
    public async Task Bad_input_names_the_field()
    {
        var ((client, _, _), _) = await CustomerWithPasskeyAsync();
        using (var unknown = await client.SendAsync(HttpMethod.Post, OptionsUrl, new { purpose = "transfer_everything" }))
        {
            await PasskeyManagementTests.AssertFieldErrorAsync(unknown, "purpose");
        }
        using (var missing = await client.SendAsync(HttpMethod.Post, OptionsUrl, new { }))
        {
            await PasskeyManagementTests.AssertFieldErrorAsync(missing, "purpose");
        }
        using (var noCredential = await client.SendAsync(HttpMethod.Post, StepUpUrl, new { purpose = Purpose, ceremonyId = Guid.NewGuid() }))
        {
            await PasskeyManagementTests.AssertFieldErrorAsync(noCredential, "credential");
        }
        using var unknownCeremony = await client.SendAsync(HttpMethod.Post, StepUpUrl, new { purpose = Purpose, ceremonyId = Guid.NewGuid(), credential = new { id = "x" } });
        await PasskeyManagementTests.AssertFieldErrorAsync(unknownCeremony, "ceremonyId");
    }

    [Test]
    public async Task A_locked_out_customer_cannot_step_up_with_a_passkey()
    {
        var ((client, email, _), passkey) = await CustomerWithPasskeyAsync();
        var ceremony = await client.JsonAsync(HttpMethod.Post, OptionsUrl, new { purpose = Purpose });
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<JadeUser>>();
            var user = await users.FindByEmailAsync(email);
            await users.SetLockoutEndDateAsync(user!, DateTimeOffset.UtcNow.AddMinutes(15));
        }
        using var response = await client.SendAsync(HttpMethod.Post, StepUpUrl,
            new { purpose = Purpose, ceremonyId = ceremony.GetProperty("ceremonyId").GetString(), credential = passkey.Get(ceremony.GetProperty("options")) });
        Assert.That((int)response.StatusCode, Is.EqualTo(423));
    }

    /// <summary>A registration's creation options answered as if they were request options (same challenge and relying party).</summary>
    private static JsonElement Options(JsonElement registration)
    {
        var options = registration.GetProperty("options");
        return JsonSerializer.SerializeToElement(new
        {
            challenge = options.GetProperty("challenge").GetString(),
            rpId = options.GetProperty("rp").GetProperty("id").GetString(),
        });
    }


    private async Task<uint> StoredSignCountAsync(string email, SoftwarePasskey passkey)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<JadeUser>>();
        var user = await users.FindByEmailAsync(email);
        return (await users.GetPasskeyAsync(user!, passkey.CredentialId))!.SignCount;
    }
}
