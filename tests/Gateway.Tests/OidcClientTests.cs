using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Jade.Gateway.Tests;

/// <summary>The gateway as identity's OIDC client: the authorize redirect and the refresh-token rotation.</summary>
[TestFixture]
public sealed class OidcClientTests : GatewayWithIdentityFixture
{
    [Test]
    public async Task Login_redirects_to_the_public_authorize_endpoint_with_pkce_and_the_register_hint()
    {
        using var client = Host.CreateClient();

        using var response = await client.GetAsync("/bff/login?returnUrl=/wallet&register=true");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var location = response.Headers.Location!;
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Multiple(() =>
        {
            Assert.That(location.GetLeftPart(UriPartial.Path), Is.EqualTo("http://localhost:5000/connect/authorize"));
            Assert.That(query["client_id"].ToString(), Is.EqualTo("jade-bff"));
            Assert.That(query["response_type"].ToString(), Is.EqualTo("code"));
            // The handler omits response_mode=query: it is the code flow's default, as the specification recommends.
            Assert.That(query.TryGetValue("response_mode", out var mode) ? mode.ToString() : "query", Is.EqualTo("query"));
            Assert.That(query["code_challenge_method"].ToString(), Is.EqualTo("S256"));
            Assert.That(query["register"].ToString(), Is.EqualTo("true"));
            Assert.That(query["scope"].ToString().Split(' '), Is.SupersetOf(new[] { "openid", "offline_access", "identity", "notifications" }));
            Assert.That(response.Headers.GetValues("Set-Cookie"), Has.All.Contain("samesite=lax").IgnoreCase);
        });
    }

    [Test]
    public async Task Expiring_access_token_is_refreshed_once_and_the_rotated_tokens_are_kept()
    {
        var cookie = GatewayHost.CookiePair(await Host.SignInAsync(
            "about-to-expire", expiresIn: TimeSpan.FromSeconds(30), refreshToken: FakeIdentity.GoodRefreshToken));
        using var client = Host.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/notifications/refreshed-{i}");
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.Multiple(() =>
        {
            Assert.That(Host.Notifications.ReceivedAt("/api/notifications/refreshed-0").Single().Header("Authorization"), Is.EqualTo("Bearer refreshed-access"));
            Assert.That(Host.Notifications.ReceivedAt("/api/notifications/refreshed-1").Single().Header("Authorization"), Is.EqualTo("Bearer refreshed-access"));
            // Sent straight to identity (not through the public origin), and only once: the new expiry was stored.
            Assert.That(Identity.TokenRequests.Count(r => r["refresh_token"] == FakeIdentity.GoodRefreshToken), Is.EqualTo(1));
            // Presenting the public origin, as identity needs when the issuer is https and the back channel is not.
            Assert.That(Identity.PresentedOrigins, Is.Not.Empty.And.All.EqualTo("http://localhost:5000"));
        });
    }

    [Test]
    public async Task Failed_refresh_ends_the_session()
    {
        var cookie = GatewayHost.CookiePair(await Host.SignInAsync(
            "expiring-with-revoked-refresh", expiresIn: TimeSpan.FromSeconds(10), refreshToken: "refresh-revoked"));
        using var client = Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/notifications/after-failed-refresh");
        request.Headers.Add("Cookie", cookie);

        using var response = await client.SendAsync(request);

        Assert.That(Host.Notifications.ReceivedAt("/api/notifications/after-failed-refresh").Single().Header("Authorization"), Is.Null);
        // The gateway's own cookie deletion survives the stripping of the service's Set-Cookie headers.
        Assert.That(response.Headers.GetValues("Set-Cookie"), Has.Some.StartsWith("jade.session=;"));
        using var user = new HttpRequestMessage(HttpMethod.Get, "/bff/user");
        user.Headers.Add("Cookie", cookie);
        using var userResponse = await client.SendAsync(user);
        using var json = JsonDocument.Parse(await userResponse.Content.ReadAsStringAsync());
        Assert.That(json.RootElement.GetProperty("isAuthenticated").GetBoolean(), Is.False);
    }
}
