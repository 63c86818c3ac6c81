using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OtpNet;

namespace Jade.Identity.Tests;

public sealed class TwoFactorTests : IdentityFixture
{
    [Test]
    public async Task Enabled_totp_makes_login_ask_for_the_code_and_a_recovery_code_works_exactly_once()
    {
        var email = await RegisterAsync(UniqueEmail());
        var tokens = await OidcFlow.SignInAsync(App, email, StrongPassword);
        using var api = App.NewApiClient();

        var setup = await PostAsync(api, tokens, "/api/identity/2fa/authenticator", null);
        var sharedKey = setup.GetProperty("sharedKey").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(sharedKey, Does.Match("^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$"));
            Assert.That(setup.GetProperty("authenticatorUri").GetString(),
                Does.StartWith($"otpauth://totp/Jade:{Uri.EscapeDataString(email)}?secret={sharedKey.Replace(" ", "", StringComparison.Ordinal)}&issuer=Jade&digits=6"));
            Assert.That(setup.GetProperty("qrCodeDataUri").GetString(), Does.StartWith("data:image/png;base64,"));
        });
        var totp = new Totp(Base32Encoding.ToBytes(sharedKey.Replace(" ", "", StringComparison.Ordinal)));

        using var wrong = await SendAsync(api, tokens, "/api/identity/2fa/enable", new { code = "000000" == totp.ComputeTotp() ? "111111" : "000000" });
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("\"code\""));

        var enablingCode = totp.ComputeTotp();
        var enabled = await PostAsync(api, tokens, "/api/identity/2fa/enable", new { code = enablingCode });
        var recoveryCodes = enabled.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.That(recoveryCodes, Has.Count.EqualTo(10));
        var status = await GetAsync(api, tokens, "/api/identity/2fa");
        Assert.That(status.GetProperty("enabled").GetBoolean(), Is.True);
        Assert.That(status.GetProperty("recoveryCodesLeft").GetInt32(), Is.EqualTo(10));

        // The password alone no longer signs in: the next step asks for the authenticator code.
        using (var browser = App.NewBrowser())
        {
            using var password = await LoginAsync(browser, email);
            Assert.That(Browser.LocalTarget(password), Does.StartWith("/account/loginwith2fa"));
            Assert.That(SetsIdentityCookie(password), Is.False);
            using var replayed = await browser.SubmitFormAsync(Browser.LocalTarget(password), new Dictionary<string, string> { ["Code"] = enablingCode });
            Assert.That(SetsIdentityCookie(replayed), Is.False, "a code already used (to enable) is refused");
            // The next 30-second step's code is within the allowed clock drift and has not been used.
            var nextCode = totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30));
            using var code = await browser.SubmitFormAsync(Browser.LocalTarget(password), new Dictionary<string, string> { ["Code"] = nextCode });
            Assert.That(code.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await code.Content.ReadAsStringAsync());
            Assert.That(SetsIdentityCookie(code), Is.True);
        }

        var recoveryCode = recoveryCodes[0];
        using (var browser = App.NewBrowser())
        {
            using var password = await LoginAsync(browser, email);
            using var recovery = await browser.SubmitFormAsync("/account/loginwithrecoverycode", new Dictionary<string, string> { ["RecoveryCode"] = recoveryCode });
            Assert.That(recovery.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(SetsIdentityCookie(recovery), Is.True);
        }
        using (var browser = App.NewBrowser())
        {
            using var password = await LoginAsync(browser, email);
            using var reused = await browser.SubmitFormAsync("/account/loginwithrecoverycode", new Dictionary<string, string> { ["RecoveryCode"] = recoveryCode });
            Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the form is shown again with an error");
            Assert.That(await reused.Content.ReadAsStringAsync(), Does.Contain("id=\"RecoveryCode-error\""));
            Assert.That(SetsIdentityCookie(reused), Is.False);
        }
        Assert.That((await GetAsync(api, tokens, "/api/identity/2fa")).GetProperty("recoveryCodesLeft").GetInt32(), Is.EqualTo(9));
    }

    [Test]
    public async Task Recovery_codes_and_disable_need_2fa_enabled()
    {
        var email = await RegisterAsync(UniqueEmail());
        var tokens = await OidcFlow.SignInAsync(App, email, StrongPassword);
        using var api = App.NewApiClient();

        using var codes = await SendAsync(api, tokens, "/api/identity/2fa/recovery-codes", null);
        using var disable = await SendAsync(api, tokens, "/api/identity/2fa/disable", new { code = "123456" });

        Assert.That(codes.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(disable.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(codes.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Wrong_codes_to_turn_two_factor_off_count_towards_lockout_and_a_missing_one_does_not()
    {
        var email = await RegisterAsync(UniqueEmail());
        var tokens = await OidcFlow.SignInAsync(App, email, StrongPassword);
        using var api = App.NewApiClient();
        var setup = await PostAsync(api, tokens, "/api/identity/2fa/authenticator", null);
        var totp = new Totp(Base32Encoding.ToBytes(setup.GetProperty("sharedKey").GetString()!.Replace(" ", "", StringComparison.Ordinal)));
        await PostAsync(api, tokens, "/api/identity/2fa/enable", new { code = totp.ComputeTotp() });
        var wrongCode = totp.ComputeTotp() == "000000" ? "111111" : "000000";

        var missing = new List<HttpStatusCode>();
        for (var i = 0; i <= IdentityApp.MaxFailedAttempts; i++)
        {
            using var response = await SendAsync(api, tokens, "/api/identity/2fa/disable", new { code = "" });
            missing.Add(response.StatusCode);
        }
        var wrong = new List<HttpStatusCode>();
        for (var i = 0; i < IdentityApp.MaxFailedAttempts; i++)
        {
            using var response = await SendAsync(api, tokens, "/api/identity/2fa/disable", new { code = wrongCode });
            wrong.Add(response.StatusCode);
        }
        using var rightButLocked = await SendAsync(api, tokens, "/api/identity/2fa/disable", new { code = totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30)) });

        Assert.Multiple(async () =>
        {
            Assert.That(missing, Is.All.EqualTo(HttpStatusCode.BadRequest), "a missing code is not a guess");
            Assert.That(wrong, Is.EqualTo(new[] { HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, (HttpStatusCode)423 }));
            Assert.That((int)rightButLocked.StatusCode, Is.EqualTo(423));
            Assert.That(await rightButLocked.Content.ReadAsStringAsync(), Does.Contain("https://jade.example/problems/locked-out"));
            Assert.That((await GetAsync(api, tokens, "/api/identity/2fa")).GetProperty("enabled").GetBoolean(), Is.True, "still on");
            var userId = (await GetAsync(api, tokens, "/api/identity/me")).GetProperty("id").GetString()!;
            Assert.That(App.OutboxPayloads("TwoFactorDisabled", userId), Is.Empty, "nothing was turned off, so no alert");
        });
    }

    [Test]
    public async Task New_recovery_codes_need_the_password_again()
    {
        var email = await RegisterAsync(UniqueEmail());
        var tokens = await OidcFlow.SignInAsync(App, email, StrongPassword);
        using var api = App.NewApiClient();
        var setup = await PostAsync(api, tokens, "/api/identity/2fa/authenticator", null);
        var totp = new Totp(Base32Encoding.ToBytes(setup.GetProperty("sharedKey").GetString()!.Replace(" ", "", StringComparison.Ordinal)));
        var first = (await PostAsync(api, tokens, "/api/identity/2fa/enable", new { code = totp.ComputeTotp() }))
            .GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()).ToList();

        using var none = await SendAsync(api, tokens, "/api/identity/2fa/recovery-codes", null);
        using var wrong = await SendAsync(api, tokens, "/api/identity/2fa/recovery-codes", new { password = "Not-The-Password1" });
        var unchanged = (await GetAsync(api, tokens, "/api/identity/2fa")).GetProperty("recoveryCodesLeft").GetInt32();
        var fresh = (await PostAsync(api, tokens, "/api/identity/2fa/recovery-codes", new { password = StrongPassword }))
            .GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()).ToList();

        Assert.Multiple(async () =>
        {
            Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await none.Content.ReadAsStringAsync(), Does.Contain("\"password\""));
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("\"password\""));
            Assert.That(unchanged, Is.EqualTo(10));
            Assert.That(fresh, Has.Count.EqualTo(10));
            Assert.That(fresh.Intersect(first), Is.Empty, "a new set; the old codes are gone");
        });
    }

    private static bool SetsIdentityCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("jade.identity=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));

    private static Task<HttpResponseMessage> LoginAsync(Browser browser, string email) =>
        browser.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = StrongPassword });

    private static Task<HttpResponseMessage> SendAsync(HttpClient api, TokenSet tokens, string url, object? body) =>
        api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, url, tokens.AccessToken, body is null ? null : JsonContent.Create(body)));

    private static async Task<JsonElement> PostAsync(HttpClient api, TokenSet tokens, string url, object? body)
    {
        using var response = await SendAsync(api, tokens, url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> GetAsync(HttpClient api, TokenSet tokens, string url)
    {
        using var response = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Get, url, tokens.AccessToken));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
