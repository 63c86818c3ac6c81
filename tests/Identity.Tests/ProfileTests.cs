using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Jade.Identity.Tests;

public sealed class ProfileTests : IdentityFixture
{
    [Test]
    public async Task Me_masks_the_phone_number()
    {
        var email = UniqueEmail();
        using var api = App.NewApiClient();
        using var registered = await api.PostAsJsonAsync("/api/identity/registrations", new { email, password = StrongPassword, phoneNumber = "+8613812341234" });
        var tokens = await OidcFlow.SignInAsync(App, email, StrongPassword);

        using var me = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Get, "/api/identity/me", tokens.AccessToken));
        var body = await me.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(body.GetProperty("phoneNumber").GetString(), Is.EqualTo("138****1234"));
        Assert.That(body.GetProperty("twoFactorEnabled").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Password_change_checks_the_current_password_and_the_policy()
    {
        var email = await RegisterAsync(UniqueEmail());
        var tokens = await OidcFlow.SignInAsync(App, email, StrongPassword);
        using var api = App.NewApiClient();

        using var wrongCurrent = await Change(api, tokens, "Not-The-Password1", "Another-Good-Pass2");
        using var weakNew = await Change(api, tokens, StrongPassword, "weak");
        using var changed = await Change(api, tokens, StrongPassword, "Another-Good-Pass2");

        Assert.Multiple(async () =>
        {
            Assert.That(wrongCurrent.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await wrongCurrent.Content.ReadAsStringAsync(), Does.Contain("\"currentPassword\""));
            Assert.That(weakNew.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await weakNew.Content.ReadAsStringAsync(), Does.Contain("\"newPassword\""));
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        });
        Assert.That((await OidcFlow.SignInAsync(App, email, "Another-Good-Pass2")).AccessToken, Is.Not.Empty);
    }

    [Test]
    public async Task Wrong_current_passwords_count_towards_lockout_so_a_session_cannot_guess_the_password()
    {
        var email = await RegisterAsync(UniqueEmail());
        var tokens = await OidcFlow.SignInAsync(App, email, StrongPassword);
        using var api = App.NewApiClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < IdentityApp.MaxFailedAttempts; i++)
        {
            using var wrong = await Change(api, tokens, $"Not-The-Password{i}", "Another-Good-Pass2");
            answers.Add(wrong.StatusCode);
        }
        using var rightButLocked = await Change(api, tokens, StrongPassword, "Another-Good-Pass2");
        using var browser = App.NewBrowser();
        using var signIn = await browser.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = StrongPassword });

        Assert.Multiple(async () =>
        {
            Assert.That(answers, Is.EqualTo(new[] { HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, (HttpStatusCode)423 }));
            Assert.That((int)rightButLocked.StatusCode, Is.EqualTo(423));
            Assert.That(await rightButLocked.Content.ReadAsStringAsync(), Does.Contain("https://jade.example/problems/locked-out"));
            Assert.That(Browser.LocalTarget(signIn), Does.StartWith("/account/lockout").IgnoreCase, "the same lockout as at the sign-in page");
            Assert.That(App.CountRows("audit_log", $"action = 'account.locked' AND actor_name = '{email}' AND after::jsonb->>'step' = 'password_change'"),
                Is.EqualTo(1), "the lock is in the customer's security trail once, with what was being guessed");
            Assert.That(App.CountRows("outbox_messages", $"type LIKE 'Jade.Contracts.Identity.AccountLocked,%' AND payload->>'step' = 'password_change' AND payload->>'userId' = "
                + $"(SELECT actor_id FROM identity.audit_log WHERE action = 'account.locked' AND actor_name = '{email}')"),
                Is.EqualTo(1), "and the customer is alerted to it once");
        });
    }

    private static Task<HttpResponseMessage> Change(HttpClient api, TokenSet tokens, string current, string next) =>
        api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, "/api/identity/password", tokens.AccessToken,
            JsonContent.Create(new { currentPassword = current, newPassword = next })));
}
