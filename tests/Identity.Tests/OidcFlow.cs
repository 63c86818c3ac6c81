using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Jade.Identity.Tests;

public sealed record TokenSet(string AccessToken, string? RefreshToken, string? IdToken);

/// <summary>The BFF's authorization code + PKCE flow, driven through the real login form.</summary>
public static class OidcFlow
{
    public const string Scopes = "openid profile email offline_access identity";

    public static string AuthorizeUrl(string challenge, string state, string? extra = null) =>
        QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = IdentityApp.BffClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = IdentityApp.BffRedirectUri,
            ["scope"] = Scopes,
            ["state"] = state,
            ["nonce"] = "n-" + state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        }) + (extra is null ? "" : "&" + extra);

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>Signs in with email and password and returns the tokens the BFF would receive.</summary>
    public static async Task<TokenSet> SignInAsync(IdentityApp app, string email, string password)
    {
        using var browser = app.NewBrowser();
        return await SignInAsync(app, browser, email, password);
    }

    /// <summary>Signs in in <paramref name="browser"/>, which keeps the identity cookie for a later authorization request.</summary>
    public static async Task<TokenSet> SignInAsync(IdentityApp app, Browser browser, string email, string password)
    {
        var (verifier, challenge) = NewPkce();
        using var authorize = await browser.Http.GetAsync(AuthorizeUrl(challenge, "s1"));
        Assert.That(authorize.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var loginUrl = Browser.LocalTarget(authorize);
        Assert.That(loginUrl, Does.StartWith("/account/login?ReturnUrl="));

        using var login = await browser.SubmitFormAsync(loginUrl, new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });
        var callback = await browser.FollowRedirectsAsync(login);
        return await RedeemAsync(app, callback, verifier, "s1");
    }

    public static async Task<TokenSet> RedeemAsync(IdentityApp app, Uri callback, string verifier, string state)
    {
        Assert.That(callback.GetLeftPart(UriPartial.Path), Is.EqualTo(IdentityApp.BffRedirectUri), callback.ToString());
        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.That(query["state"].ToString(), Is.EqualTo(state));
        using var api = app.NewApiClient();
        using var response = await api.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = query["code"].ToString(),
            ["redirect_uri"] = IdentityApp.BffRedirectUri,
            ["client_id"] = IdentityApp.BffClientId,
            ["client_secret"] = IdentityApp.BffSecret,
            ["code_verifier"] = verifier,
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return ParseTokens(body);
    }

    /// <summary>The BFF redeeming a refresh token, as it does when the session's access token is about to expire.</summary>
    public static async Task<HttpResponseMessage> RefreshAsync(IdentityApp app, string refreshToken)
    {
        using var api = app.NewApiClient();
        return await api.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = IdentityApp.BffClientId,
            ["client_secret"] = IdentityApp.BffSecret,
        }));
    }

    public static async Task<HttpResponseMessage> ClientCredentialsAsync(IdentityApp app, string clientId, string secret, string scope)
    {
        using var api = app.NewApiClient();
        return await api.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = scope,
        }));
    }

    public static TokenSet ParseTokens(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new TokenSet(
            root.GetProperty("access_token").GetString()!,
            root.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null,
            root.TryGetProperty("id_token", out var id) ? id.GetString() : null);
    }

    /// <summary>The JWT payload, decoded without validation (the service under test validates; tests inspect).</summary>
    public static JsonElement Payload(string jwt)
    {
        var part = jwt.Split('.')[1];
        return JsonDocument.Parse(Base64UrlDecode(part)).RootElement.Clone();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    public static HttpRequestMessage Bearer(HttpMethod method, string url, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
