using System.Net;
using System.Text.Json;
using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Identity.Tests.Passkeys;

/// <summary>The login page's passkey button, driven as its script does: options, the authenticator's answer, the form post.</summary>
public sealed class PasskeySignInTests : PasskeyFixture
{
    [Test]
    public async Task A_customer_signs_in_with_a_passkey_and_no_password()
    {
        var ((_, email, _), passkey) = await CustomerWithPasskeyAsync();
        using var browser = App.NewBrowser();
        var (verifier, challenge) = OidcFlow.NewPkce();
        using var authorize = await browser.Http.GetAsync(OidcFlow.AuthorizeUrl(challenge, "s1"));
        var loginUrl = Browser.LocalTarget(authorize);
        var (page, html) = await browser.GetPageAsync(loginUrl);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("id=\"passkey-button\"").And.Contain("/account/passkey.js"));

        using var response = await SignInWithPasskeyAsync(browser, loginUrl, html, passkey);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        Assert.That(Browser.LocalTarget(response), Does.StartWith("/connect/authorize"), "back to where the sign-in began");
        var tokens = await OidcFlow.RedeemAsync(App, await browser.FollowRedirectsAsync(response), verifier, "s1");
        Assert.That(OidcFlow.Payload(tokens.AccessToken).GetProperty("sub").GetString(), Is.EqualTo((await UserAsync(email)).Id.ToString()));
        var userId = (await UserAsync(email)).Id;
        Assert.That(App.CountRows("known_devices", $"user_id = '{userId}'"), Is.EqualTo(2),
            "the browser is recorded like at any sign-in: the one that registered, and this new one");
        Assert.That(App.CountRows("audit_log", $"entity_id = '{userId}' AND action = 'sign_in' AND after::jsonb->>'method' = 'passkey'"), Is.EqualTo(1),
            "the security trail says the sign-in was made with a passkey");
    }

    [Test]
    public async Task A_refused_answer_keeps_the_customer_on_the_login_page()
    {
        var (_, passkey) = await CustomerWithPasskeyAsync();
        passkey.Origin = "https://jade-login.example";
        using var browser = App.NewBrowser();
        var (_, html) = await browser.GetPageAsync("/account/login");
        using var response = await SignInWithPasskeyAsync(browser, "/account/login", html, passkey);
        var page = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page, Does.Contain("id=\"form-error\""));
        Assert.That(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(IdentitySetup.CookieName + "=", StringComparison.Ordinal)),
            Is.False, "no session");
    }

    [Test]
    public async Task A_locked_out_customer_is_sent_to_the_lockout_page()
    {
        var ((_, email, _), passkey) = await CustomerWithPasskeyAsync();
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<JadeUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(email))!, DateTimeOffset.UtcNow.AddMinutes(15));
        }
        using var browser = App.NewBrowser();
        var (_, html) = await browser.GetPageAsync("/account/login");
        using var response = await SignInWithPasskeyAsync(browser, "/account/login", html, passkey);
        Assert.That(Browser.LocalTarget(response), Does.StartWith("/account/lockout"));
    }

    [Test]
    public async Task A_sign_in_answer_cannot_be_replayed()
    {
        var (_, passkey) = await CustomerWithPasskeyAsync();
        using var browser = App.NewBrowser();
        var (_, html) = await browser.GetPageAsync("/account/login");
        var token = Browser.AntiforgeryTokenOf(html);
        var (ceremonyId, credential) = await AnswerAsync(browser, token, passkey);
        var fields = new Dictionary<string, string> { ["ceremonyId"] = ceremonyId, ["credential"] = credential };
        using (var first = await browser.PostFormAsync("/account/login?handler=Passkey", token, fields))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }
        using var other = App.NewBrowser();
        var (_, otherHtml) = await other.GetPageAsync("/account/login");
        using var replay = await other.PostFormAsync("/account/login?handler=Passkey", Browser.AntiforgeryTokenOf(otherHtml), fields);
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await replay.Content.ReadAsStringAsync(), Does.Contain("id=\"form-error\""));
    }

    private static async Task<HttpResponseMessage> SignInWithPasskeyAsync(Browser browser, string loginUrl, string html, SoftwarePasskey passkey)
    {
        var token = Browser.AntiforgeryTokenOf(html);
        var (ceremonyId, credential) = await AnswerAsync(browser, token, passkey);
        var returnUrl = new Uri(new Uri("http://localhost"), loginUrl).Query;
        var handlerUrl = "/account/login" + (returnUrl.Length > 0 ? returnUrl + "&" : "?") + "handler=Passkey";
        return await browser.PostFormAsync(handlerUrl, token, new Dictionary<string, string> { ["ceremonyId"] = ceremonyId, ["credential"] = credential });
    }

    /// <summary>What passkey.js does before it submits: fetch the options with the page's token, ask the authenticator.</summary>
    private static async Task<(string CeremonyId, string Credential)> AnswerAsync(Browser browser, string token, SoftwarePasskey passkey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login?handler=PasskeyOptions");
        request.Headers.Add("RequestVerificationToken", token);
        using var response = await browser.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        var ceremony = JsonDocument.Parse(text).RootElement;
        var options = ceremony.GetProperty("options");
        Assert.That(options.TryGetProperty("allowCredentials", out var allowed) ? allowed.GetArrayLength() : 0, Is.Zero,
            "no user is named: the authenticator offers the passkeys it holds");
        return (ceremony.GetProperty("ceremonyId").GetString()!, passkey.Get(options).ToJsonString());
    }


    private async Task<JadeUser> UserAsync(string email)
    {
        using var scope = App.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<JadeUser>>().FindByEmailAsync(email))!;
    }
}
