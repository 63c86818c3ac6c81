using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Identity.Users;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using OtpNet;

namespace Jade.Identity.Tests;

public sealed class StepUpTests : IdentityFixture
{
    private const string Url = "/api/identity/step-up";
    private const string Purpose = StepUpTokens.Purposes.PaymentPinReset;

    [Test]
    public async Task A_fresh_authenticator_code_buys_a_step_up_token_signed_with_the_discovery_keys()
    {
        var customer = await CustomerWithAuthenticatorAsync();
        using var api = App.NewApiClient();
        var code = NextCode(customer.Totp);

        using var response = await StepUpAsync(api, customer.Tokens, new { purpose = Purpose, code });
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        var body = JsonDocument.Parse(text).RootElement;
        var token = body.GetProperty("token").GetString()!;
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.That(body.GetProperty("method").GetString(), Is.EqualTo("otp"));

        // Validated as a resource service would: issuer and keys from identity's discovery document.
        var (issuer, keys) = await DiscoveryAsync(api);
        var accessToken = OidcFlow.Payload(customer.Tokens.AccessToken);
        Assert.That(issuer, Is.EqualTo(accessToken.GetProperty("iss").GetString()));
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = StepUpTokens.Audience,
            ValidTypes = [StepUpTokens.TokenType],
            IssuerSigningKeys = keys,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.Zero,
        });
        Assert.That(result.IsValid, Is.True, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        var payload = OidcFlow.Payload(token);
        Assert.Multiple(() =>
        {
            Assert.That(jwt.Typ, Is.EqualTo(StepUpTokens.TokenType));
            Assert.That(jwt.Subject, Is.EqualTo(accessToken.GetProperty("sub").GetString()));
            Assert.That(jwt.Audiences, Is.EqualTo(new[] { StepUpTokens.Audience }));
            Assert.That(payload.GetProperty("purpose").GetString(), Is.EqualTo(Purpose));
            Assert.That(payload.GetProperty("amr").ValueKind, Is.EqualTo(JsonValueKind.Array));
            Assert.That(payload.GetProperty("amr").EnumerateArray().Select(m => m.GetString()), Is.EqualTo(new[] { "otp" }));
            Assert.That(jwt.Id, Has.Length.GreaterThanOrEqualTo(16));
            Assert.That(payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64(), Is.EqualTo(300));
            Assert.That(payload.GetProperty("nbf").GetInt64(), Is.EqualTo(payload.GetProperty("iat").GetInt64()));
            Assert.That(jwt.ValidTo, Is.EqualTo(DateTime.UtcNow.Add(StepUpTokens.Lifetime)).Within(TimeSpan.FromSeconds(30)));
            Assert.That(expiresAt, Is.EqualTo(new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero)));
            Assert.That(text, Does.Not.Contain(code));
        });

        // The shared validator the payments service uses accepts it for this customer and purpose only.
        var validator = new StepUpTokenValidator(new FixedOptions<JwtBearerOptions>(BearerOptionsFor(issuer)), TimeProvider.System);
        var proof = await validator.ValidateAsync(token, jwt.Subject, Purpose, CancellationToken.None);
        Assert.That(proof, Is.Not.Null);
        Assert.Multiple(async () =>
        {
            Assert.That(proof!.Method, Is.EqualTo("otp"));
            Assert.That(proof.TokenId, Is.EqualTo(jwt.Id));
            Assert.That(proof.ExpiresAt, Is.EqualTo(expiresAt));
            Assert.That(await validator.ValidateAsync(token, Guid.NewGuid().ToString(), Purpose, CancellationToken.None), Is.Null, "another customer");
            Assert.That(await validator.ValidateAsync(token, jwt.Subject, "some_other_purpose", CancellationToken.None), Is.Null, "another purpose");
            Assert.That(await validator.ValidateAsync(customer.Tokens.AccessToken, jwt.Subject, Purpose, CancellationToken.None), Is.Null,
                "an access token is not a step-up token");
        });

        // ...and it is no access token: identity's own APIs refuse it.
        using var me = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Get, "/api/identity/me", token));
        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var stepUpWithStepUp = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, Url, token, JsonContent.Create(new { purpose = Purpose, code })));
        Assert.That(stepUpWithStepUp.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        // The code is spent: the same code again is refused.
        using var replayed = await StepUpAsync(api, customer.Tokens, new { purpose = Purpose, code });
        Assert.That(replayed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await replayed.Content.ReadAsStringAsync(), Does.Contain("\"code\""));
    }

    [Test]
    public async Task Wrong_codes_and_recovery_codes_are_refused_and_counted_and_success_resets_the_count()
    {
        var customer = await CustomerWithAuthenticatorAsync();
        using var api = App.NewApiClient();

        using var wrong = await StepUpAsync(api, customer.Tokens, new { purpose = Purpose, code = WrongCode(customer.Totp) });
        var wrongBody = await wrong.Content.ReadAsStringAsync();
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), wrongBody);
        Assert.That(wrong.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(JsonDocument.Parse(wrongBody).RootElement.GetProperty("errors").GetProperty("code")[0].GetString(), Is.EqualTo("验证码不正确。"));
        Assert.That(await FailedCountAsync(customer.Email), Is.EqualTo(1));

        using var recovery = await StepUpAsync(api, customer.Tokens, new { purpose = Purpose, code = customer.RecoveryCodes[0] });
        Assert.That(recovery.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await recovery.Content.ReadAsStringAsync(), Does.Contain("\"code\""));
        Assert.That(await FailedCountAsync(customer.Email), Is.EqualTo(2));
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<JadeUser>>();
            var user = await users.FindByEmailAsync(customer.Email);
            Assert.That(await users.CountRecoveryCodesAsync(user!), Is.EqualTo(10), "the recovery code was not spent");
        }

        using var missing = await StepUpAsync(api, customer.Tokens, new { purpose = Purpose });
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await missing.Content.ReadAsStringAsync(), Does.Contain("\"code\""));

        using var ok = await StepUpAsync(api, customer.Tokens, new { purpose = Purpose, code = NextCode(customer.Totp) });
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ok.Content.ReadAsStringAsync());
        Assert.That(await FailedCountAsync(customer.Email), Is.Zero);
    }

    [Test]
    public async Task Repeated_wrong_codes_lock_the_account_like_sign_in()
    {
        var customer = await CustomerWithAuthenticatorAsync();
        using var api = App.NewApiClient();

        for (var i = 1; i < IdentityApp.MaxFailedAttempts; i++)
        {
            using var wrong = await StepUpAsync(api, customer.Tokens, new { purpose = Purpose, code = WrongCode(customer.Totp) });
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }
        using var locking = await StepUpAsync(api, customer.Tokens, new { purpose = Purpose, code = WrongCode(customer.Totp) });
        Assert.That((int)locking.StatusCode, Is.EqualTo(423));
        using var correct = await StepUpAsync(api, customer.Tokens, new { purpose = Purpose, code = NextCode(customer.Totp) });
        var body = await correct.Content.ReadAsStringAsync();
        Assert.That((int)correct.StatusCode, Is.EqualTo(423), body);
        Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/locked-out"));
        Assert.That(body, Does.Not.Contain("\"token\""));

        // The lock is the account's: the password no longer signs in either.
        using var browser = App.NewBrowser();
        using var login = await browser.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = customer.Email, ["Password"] = StrongPassword });
        Assert.That(Browser.LocalTarget(login), Does.StartWith("/account/lockout"));
    }

    [Test]
    public async Task Without_two_factor_the_answer_is_409_even_with_an_unconfirmed_authenticator()
    {
        var email = await RegisterAsync(UniqueEmail());
        var tokens = await OidcFlow.SignInAsync(App, email, StrongPassword);
        using var api = App.NewApiClient();

        using var none = await StepUpAsync(api, tokens, new { purpose = Purpose, code = "123456" });
        var body = JsonDocument.Parse(await none.Content.ReadAsStringAsync()).RootElement;
        Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(body.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/two-factor-required"));
        Assert.That(body.GetProperty("title").GetString(), Is.EqualTo("请先设置身份验证器应用"));

        // A key set up but never confirmed with a code is not an authenticator.
        using var setup = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, "/api/identity/2fa/authenticator", tokens.AccessToken));
        var key = JsonDocument.Parse(await setup.Content.ReadAsStringAsync()).RootElement.GetProperty("sharedKey").GetString()!;
        var totp = new Totp(Base32Encoding.ToBytes(key.Replace(" ", "", StringComparison.Ordinal)));
        using var request = OidcFlow.Bearer(HttpMethod.Post, Url, tokens.AccessToken, JsonContent.Create(new { purpose = Purpose, code = totp.ComputeTotp() }));
        request.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Den%7Cuic%3Den");
        using var unconfirmed = await api.SendAsync(request);
        var english = JsonDocument.Parse(await unconfirmed.Content.ReadAsStringAsync()).RootElement;
        Assert.That(unconfirmed.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(english.GetProperty("title").GetString(), Is.EqualTo("Set up an authenticator app first"));
        Assert.That(await FailedCountAsync(email), Is.Zero);
    }

    [Test]
    public async Task Unknown_or_missing_purpose_is_a_validation_problem()
    {
        var customer = await CustomerWithAuthenticatorAsync();
        using var api = App.NewApiClient();

        using var unknown = await StepUpAsync(api, customer.Tokens, new { purpose = "transfer_everything", code = NextCode(customer.Totp) });
        using var missing = await StepUpAsync(api, customer.Tokens, new { code = NextCode(customer.Totp) });

        foreach (var response in new[] { unknown, missing })
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
            Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty("purpose", out _), Is.True, body);
        }
        Assert.That(await FailedCountAsync(customer.Email), Is.Zero, "a bad purpose is no guess at the code");
    }

    [Test]
    public async Task Needs_a_user_access_token()
    {
        using var api = App.NewApiClient();
        using var anonymous = await api.PostAsJsonAsync(Url, new { purpose = Purpose, code = "123456" });
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        using var clientToken = await OidcFlow.ClientCredentialsAsync(App, IdentityApp.IdentityClientId, IdentityApp.ServiceSecret, "identity");
        var serviceToken = OidcFlow.ParseTokens(await clientToken.Content.ReadAsStringAsync()).AccessToken;
        using var service = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, Url, serviceToken, JsonContent.Create(new { purpose = Purpose, code = "123456" })));
        Assert.That(service.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    private sealed record Customer(string Email, TokenSet Tokens, Totp Totp, IReadOnlyList<string> RecoveryCodes);

    /// <summary>A signed-in customer with an authenticator enabled (its current code spent on enabling it).</summary>
    private async Task<Customer> CustomerWithAuthenticatorAsync()
    {
        var email = await RegisterAsync(UniqueEmail());
        var tokens = await OidcFlow.SignInAsync(App, email, StrongPassword);
        using var api = App.NewApiClient();
        using var setup = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, "/api/identity/2fa/authenticator", tokens.AccessToken));
        Assert.That(setup.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var key = JsonDocument.Parse(await setup.Content.ReadAsStringAsync()).RootElement.GetProperty("sharedKey").GetString()!;
        var totp = new Totp(Base32Encoding.ToBytes(key.Replace(" ", "", StringComparison.Ordinal)));
        using var enable = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, "/api/identity/2fa/enable", tokens.AccessToken,
            JsonContent.Create(new { code = totp.ComputeTotp() })));
        var enabled = await enable.Content.ReadAsStringAsync();
        Assert.That(enable.StatusCode, Is.EqualTo(HttpStatusCode.OK), enabled);
        var recoveryCodes = JsonDocument.Parse(enabled).RootElement.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        return new Customer(email, tokens, totp, recoveryCodes);
    }

    /// <summary>The next 30-second step's code: within the allowed drift, and later than the one spent on enabling.</summary>
    private static string NextCode(Totp totp) => totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30));

    /// <summary>A well-formed code that no step within the allowed drift produces.</summary>
    private static string WrongCode(Totp totp)
    {
        var now = DateTime.UtcNow;
        var valid = new[] { -60, -30, 0, 30, 60 }.Select(s => totp.ComputeTotp(now.AddSeconds(s))).ToHashSet();
        return Enumerable.Range(0, 10).Select(d => new string((char)('0' + d), 6)).First(c => !valid.Contains(c));
    }

    private static Task<HttpResponseMessage> StepUpAsync(HttpClient api, TokenSet tokens, object body) =>
        api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, Url, tokens.AccessToken, JsonContent.Create(body)));

    private async Task<int> FailedCountAsync(string email)
    {
        using var scope = App.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<JadeUser>>().FindByEmailAsync(email);
        return user!.AccessFailedCount;
    }

    private static async Task<(string Issuer, IList<SecurityKey> Keys)> DiscoveryAsync(HttpClient api)
    {
        var discovery = await api.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        var jwks = await api.GetStringAsync(discovery.GetProperty("jwks_uri").GetString());
        return (discovery.GetProperty("issuer").GetString()!, new JsonWebKeySet(jwks).GetSigningKeys());
    }

    /// <summary>JWT bearer options as <c>AddJadeJwtBearer</c> sets them, reading identity's discovery document in-process.</summary>
    private JwtBearerOptions BearerOptionsFor(string issuer)
    {
        var options = new JwtBearerOptions
        {
            ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                new Uri(new Uri(issuer), ".well-known/openid-configuration").ToString(),
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever(App.CreateClient()) { RequireHttps = false }),
        };
        options.TokenValidationParameters.ValidIssuer = issuer;
        return options;
    }

    private sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
