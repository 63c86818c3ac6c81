using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Jade.Identity.Tests;

public sealed class OidcTests : IdentityFixture
{
    [Test]
    public async Task Client_credentials_token_carries_the_audience_of_its_scope()
    {
        using var response = await OidcFlow.ClientCredentialsAsync(App, IdentityApp.NotificationsClientId, IdentityApp.ServiceSecret, "notifications");
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);

        var payload = OidcFlow.Payload(OidcFlow.ParseTokens(body).AccessToken);
        Assert.Multiple(() =>
        {
            Assert.That(Audiences(payload), Is.EquivalentTo(new[] { "notifications" }));
            Assert.That(payload.GetProperty("sub").GetString(), Is.EqualTo(IdentityApp.NotificationsClientId));
            Assert.That(payload.GetProperty("iss").GetString(), Is.EqualTo("http://localhost/"));
            Assert.That(payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64(), Is.EqualTo(15 * 60));
        });
    }

    [Test]
    public async Task Client_credentials_refuses_a_scope_the_client_was_not_granted_and_a_wrong_secret()
    {
        using var foreignScope = await OidcFlow.ClientCredentialsAsync(App, IdentityApp.NotificationsClientId, IdentityApp.ServiceSecret, "identity");
        using var wrongSecret = await OidcFlow.ClientCredentialsAsync(App, IdentityApp.IdentityClientId, "not-the-secret", "identity");

        Assert.That(foreignScope.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(wrongSecret.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized).Or.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Me_without_a_token_is_401()
    {
        using var api = App.NewApiClient();
        using var response = await api.GetAsync("/api/identity/me");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Me_with_a_token_for_another_audience_is_refused()
    {
        using var tokenResponse = await OidcFlow.ClientCredentialsAsync(App, IdentityApp.NotificationsClientId, IdentityApp.ServiceSecret, "notifications");
        var token = OidcFlow.ParseTokens(await tokenResponse.Content.ReadAsStringAsync()).AccessToken;
        using var api = App.NewApiClient();

        using var response = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Get, "/api/identity/me", token));

        Assert.That((int)response.StatusCode, Is.AnyOf(401, 403));
    }

    [Test]
    public async Task Authorization_code_with_pkce_round_trip_gives_user_tokens_that_open_the_customer_api()
    {
        var email = await RegisterAsync(UniqueEmail());

        var tokens = await OidcFlow.SignInAsync(App, email, StrongPassword);

        var access = OidcFlow.Payload(tokens.AccessToken);
        var id = OidcFlow.Payload(tokens.IdToken!);
        Assert.Multiple(() =>
        {
            Assert.That(Audiences(access), Does.Contain("identity"));
            Assert.That(access.GetProperty("email").GetString(), Is.EqualTo(email));
            Assert.That(access.GetProperty("role").ToString(), Does.Contain("customer"));
            Assert.That(id.GetProperty("email").GetString(), Is.EqualTo(email));
            Assert.That(tokens.RefreshToken, Is.Not.Null);
        });

        using var api = App.NewApiClient();
        using var me = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Get, "/api/identity/me", tokens.AccessToken));
        var body = await me.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("email").GetString(), Is.EqualTo(email));
        Assert.That(body.GetProperty("language").GetString(), Is.EqualTo("zh-CN"));

        using var refreshed = await OidcFlow.RefreshAsync(App, tokens.RefreshToken!);
        var refreshedTokens = OidcFlow.ParseTokens(await refreshed.Content.ReadAsStringAsync());
        Assert.That(refreshedTokens.RefreshToken, Is.Not.Null.And.Not.EqualTo(tokens.RefreshToken), "refresh tokens rotate");
    }

    [Test]
    public async Task Authorize_without_pkce_is_refused()
    {
        using var browser = App.NewBrowser();
        var url = OidcFlow.AuthorizeUrl("x", "s").Replace("&code_challenge=x&code_challenge_method=S256", "", StringComparison.Ordinal);

        using var response = await browser.Http.GetAsync(url);

        // OpenIddict answers with an error page or an error redirect; either way no code is issued.
        var answer = (response.Headers.Location?.ToString() ?? "") + await response.Content.ReadAsStringAsync();
        Assert.That(answer, Does.Contain("invalid_request"));
        Assert.That(answer, Does.Not.Contain("code="));
    }

    [Test]
    public async Task Authorize_with_register_true_sends_an_anonymous_user_to_the_register_page()
    {
        using var browser = App.NewBrowser();
        var (_, challenge) = OidcFlow.NewPkce();

        using var response = await browser.Http.GetAsync(OidcFlow.AuthorizeUrl(challenge, "s2", "register=true"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var target = Browser.LocalTarget(response);
        Assert.That(target, Does.StartWith("/account/register?ReturnUrl=%2Fconnect%2Fauthorize"));
        Assert.That(Uri.UnescapeDataString(target), Does.Not.Contain("register=true"));
    }

    [Test]
    public async Task Discovery_document_advertises_the_public_issuer_and_no_implicit_or_password_grant()
    {
        using var api = App.NewApiClient();
        var discovery = await api.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        var grants = discovery.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(discovery.GetProperty("issuer").GetString(), Is.EqualTo("http://localhost/"));
            Assert.That(grants, Is.EquivalentTo(new[] { "authorization_code", "refresh_token", "client_credentials" }));
            Assert.That(discovery.GetProperty("response_types_supported").EnumerateArray().Select(r => r.GetString()), Is.EquivalentTo(new[] { "code" }));
            Assert.That(discovery.GetProperty("backchannel_logout_supported").GetBoolean(), Is.True, "sessions identity ends are dropped by their client at once");
            Assert.That(discovery.GetProperty("backchannel_logout_session_supported").GetBoolean(), Is.True, "the logout token names the session (sid)");
        });
    }

    private static IEnumerable<string?> Audiences(JsonElement payload) =>
        payload.GetProperty("aud") is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().Select(a => a.GetString()) : [payload.GetProperty("aud").GetString()];
}
