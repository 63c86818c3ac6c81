using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Jade.Gateway.Bff.Sessions;
using Jade.ServiceDefaults;
using Jade.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Jade.Gateway.Tests;

/// <summary>
/// Identity ends a session from its side (password change, support reset) and posts a logout token: the gateway drops
/// that stored session at once, and refuses anything not signed and shaped as identity's logout token.
/// </summary>
[TestFixture]
public sealed class BackchannelLogoutTests() : GatewayWithIdentityFixture(publishKeys: true)
{
    private const string Path = "/bff/backchannel-logout";

    [Test]
    public async Task A_logout_token_ends_the_session_it_names_and_no_other()
    {
        var ended = await SignInAsync("auth-ended");
        var other = await SignInAsync("auth-other");

        using var response = await PostAsync(LogoutToken("auth-ended"));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(await IsSignedInAsync(ended), Is.False, "the ended session is gone at once");
            Assert.That(await IsSignedInAsync(other), Is.True, "another session of the same customer stays");
        });
    }

    [Test]
    public async Task A_session_renewed_with_a_token_that_names_no_authorization_keeps_its_id()
    {
        // Expiring within the refresh margin: the next request refreshes, and identity's fake answers with an opaque token.
        var cookie = await SignInAsync("auth-renewed", expiresIn: TimeSpan.FromSeconds(30), refreshToken: FakeIdentity.GoodRefreshToken);
        var refreshesBefore = Identity.TokenRequests.Count;
        Assert.That(await IsSignedInAsync(cookie), Is.True);
        Assert.That(Identity.TokenRequests, Has.Count.EqualTo(refreshesBefore + 1), "the session was refreshed and renewed");

        using var response = await PostAsync(LogoutToken("auth-renewed"));

        Assert.That(await IsSignedInAsync(cookie), Is.False);
    }

    [Test]
    public async Task The_sessions_live_connections_on_this_replica_close_with_it()
    {
        await SignInAsync("auth-live");
        await SignInAsync("auth-neighbour");
        var connections = Host.Factory.Services.GetRequiredService<LiveConnections>();
        var (ended, endedOpen) = OpenConnection();
        var (neighbour, neighbourOpen) = OpenConnection();
        using var endedTracked = connections.Track(ended, "auth-live");
        using var neighbourTracked = connections.Track(neighbour, "auth-neighbour");

        using var response = await PostAsync(LogoutToken("auth-live"));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(endedOpen.Aborted, Is.True, "the ended session's notifications socket is closed at once");
            Assert.That(neighbourOpen.Aborted, Is.False);
        });
    }

    [Test]
    public async Task Each_check_closes_the_connections_whose_session_is_no_longer_stored()
    {
        await SignInAsync("auth-still-stored");
        var connections = Host.Factory.Services.GetRequiredService<LiveConnections>();
        var (gone, goneOpen) = OpenConnection();
        var (stored, storedOpen) = OpenConnection();
        // As if another replica had received the back-channel logout, or the customer had signed out in another tab.
        using var goneTracked = connections.Track(gone, "auth-ended-elsewhere");
        using var storedTracked = connections.Track(stored, "auth-still-stored");

        await using var scope = Host.Factory.Services.CreateAsyncScope();
        var closed = await connections.EndThoseWithoutSessionAsync(scope.ServiceProvider.GetRequiredService<GatewayDb>(), DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(closed, Is.EqualTo(1));
            Assert.That(goneOpen.Aborted, Is.True);
            Assert.That(storedOpen.Aborted, Is.False, "a connection whose session is stored stays open");
        });
    }

    /// <summary>A proxied connection as the registry sees it: something it can abort.</summary>
    private static (HttpContext Connection, Lifetime Lifetime) OpenConnection()
    {
        var lifetime = new Lifetime();
        var connection = new DefaultHttpContext();
        connection.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        return (connection, lifetime);
    }

    private sealed class Lifetime : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get; set; }

        public bool Aborted { get; private set; }

        public void Abort() => Aborted = true;
    }

    private static readonly TestTokens OtherKey = new();

    public static IEnumerable<TestCaseData> Refused()
    {
        yield return new TestCaseData(new Func<BackchannelLogoutTests, string, HttpContent>(
            (t, sid) => Form(t.LogoutToken(sid, signer: OtherKey)))).SetName("signed with a key identity does not publish");
        yield return Case("for another client", d => d.Audience = "another-client");
        yield return Case("from another issuer", d => d.Issuer = "https://elsewhere.example/");
        yield return Case("typed as a plain JWT (an ID or access token)", d => d.TokenType = "JWT");
        yield return Case("expired", d => { d.IssuedAt = DateTime.UtcNow.AddMinutes(-10); d.NotBefore = d.IssuedAt; d.Expires = DateTime.UtcNow.AddMinutes(-5); });
        yield return Case("without the back-channel logout event", d => d.Claims["events"] = new Dictionary<string, object> { ["other"] = new Dictionary<string, object>() });
        yield return Case("carrying a nonce", d => d.Claims["nonce"] = "n-1");
        yield return Case("without a sid", d => d.Claims.Remove("sid"));
        yield return new TestCaseData(new Func<BackchannelLogoutTests, string, HttpContent>(
            (_, _) => new FormUrlEncodedContent([new("logout_token", "not-a-jwt")]))).SetName("not a JWT");
        yield return new TestCaseData(new Func<BackchannelLogoutTests, string, HttpContent>(
            (_, _) => new FormUrlEncodedContent([]))).SetName("without a logout_token");
        yield return new TestCaseData(new Func<BackchannelLogoutTests, string, HttpContent>(
            (t, sid) => new StringContent(t.LogoutToken(sid)))).SetName("not a form post");
    }

    [TestCaseSource(nameof(Refused))]
    public async Task A_logout_token_that_is_not_identitys_is_refused_and_ends_nothing(Func<BackchannelLogoutTests, string, HttpContent> content)
    {
        var sid = $"auth-{Guid.NewGuid():N}";
        var cookie = await SignInAsync(sid);

        using var client = Host.CreateClient();
        using var response = await client.PostAsync(Path, content(this, sid));

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.RootElement.GetProperty("error").GetString(), Is.EqualTo("invalid_request"));
            Assert.That(body.RootElement.GetProperty("error_description").GetString(), Is.Not.Empty);
            Assert.That(await IsSignedInAsync(cookie), Is.True, "the session stays");
        });
    }

    private static TestCaseData Case(string name, Action<SecurityTokenDescriptor> change) =>
        new TestCaseData(new Func<BackchannelLogoutTests, string, HttpContent>((t, sid) => Form(t.LogoutToken(sid, change)))).SetName(name);

    /// <summary>A session as the OIDC callback stores it, its access token issued under authorization <paramref name="authorizationId"/>.</summary>
    private async Task<string> SignInAsync(string authorizationId, TimeSpan? expiresIn = null, string? refreshToken = null)
    {
        var accessToken = IdentityKeys.Create("user-1", "identity", "identity", issuer: FakeIdentity.Issuer,
            extraClaims: [new Claim("oi_au_id", authorizationId)]);
        return GatewayHost.CookiePair(await Host.SignInAsync(accessToken, expiresIn: expiresIn, refreshToken: refreshToken));
    }

    private async Task<bool> IsSignedInAsync(string cookie)
    {
        using var client = Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/bff/user");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("isAuthenticated").GetBoolean();
    }

    private async Task<HttpResponseMessage> PostAsync(string logoutToken)
    {
        using var client = Host.CreateClient();
        return await client.PostAsync(Path, Form(logoutToken));
    }

    private static FormUrlEncodedContent Form(string logoutToken) => new([new("logout_token", logoutToken)]);

    /// <summary>A logout token as identity makes it; <paramref name="change"/> spoils one part of it.</summary>
    private string LogoutToken(string sid, Action<SecurityTokenDescriptor>? change = null, TestTokens? signer = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = FakeIdentity.Issuer,
            Audience = "jade-bff",
            TokenType = LogoutTokens.TokenType,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(2),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "user-1",
                ["sid"] = sid,
                ["jti"] = Guid.NewGuid().ToString("N"),
                ["events"] = new Dictionary<string, object> { [LogoutTokens.EventType] = new Dictionary<string, object>() },
            },
        };
        change?.Invoke(descriptor);
        return (signer ?? IdentityKeys).Sign(descriptor);
    }
}
