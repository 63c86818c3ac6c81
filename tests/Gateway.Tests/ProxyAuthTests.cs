using System.Net;
using System.Net.Http.Headers;

namespace Jade.Gateway.Tests;

/// <summary>Which credential reaches a service, and that cookie-authenticated state changes need X-CSRF.</summary>
[TestFixture]
public sealed class ProxyAuthTests
{
    private GatewayHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await GatewayHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task Cookie_session_post_without_csrf_header_is_refused_and_not_proxied()
    {
        var cookie = GatewayHost.CookiePair(await _host.SignInAsync("access-token-csrf"));
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/notifications/csrf-probe") { Content = new StringContent("{}") };
        request.Headers.Add("Cookie", cookie);

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(_host.Notifications.ReceivedAt("/api/notifications/csrf-probe"), Is.Empty);
    }

    [Test]
    public async Task Cookie_session_post_with_csrf_header_carries_the_session_bearer_and_never_the_session_cookie()
    {
        var cookie = GatewayHost.CookiePair(await _host.SignInAsync("access-token-proxied"));
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/notifications/items") { Content = new StringContent("{}") };
        request.Headers.Add("Cookie", $"{cookie}; theme=dark");
        request.Headers.Add("X-CSRF", "1");
        request.Headers.Add("X-Correlation-Id", "corr-123");

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var seen = _host.Notifications.ReceivedAt("/api/notifications/items").Single();
        Assert.Multiple(() =>
        {
            Assert.That(seen.Header("Authorization"), Is.EqualTo("Bearer access-token-proxied"));
            Assert.That(seen.Header("Cookie"), Is.EqualTo("theme=dark"));
            Assert.That(seen.Header("X-Correlation-Id"), Is.EqualTo("corr-123"));
            Assert.That(seen.Header("X-Forwarded-Host"), Is.EqualTo("localhost"));
            // What the service tried to hand the browser stays at the edge.
            Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
            Assert.That(response.Headers.Contains("Authentication-Info"), Is.False);
        });
    }

    [Test]
    public async Task Services_learn_the_browsers_device_from_identitys_cookie_never_from_the_client()
    {
        var cookie = GatewayHost.CookiePair(await _host.SignInAsync("access-token-device"));
        using var client = _host.CreateClient();
        const string device = "0123456789abcdef0123456789abcdef";
        async Task<string?> SeenDeviceAsync(string path, string cookies)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", cookies);
            request.Headers.Add("X-Device-Id", "a-device-the-customer-used-before");
            using var response = await client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            return _host.Notifications.ReceivedAt(path).Single().Header("X-Device-Id");
        }

        var withCookie = await SeenDeviceAsync("/api/notifications/device-probe", $"{cookie}; jade.device={device}");
        var withoutCookie = await SeenDeviceAsync("/api/notifications/device-probe-2", cookie);
        var malformedCookie = await SeenDeviceAsync("/api/notifications/device-probe-3", $"{cookie}; jade.device=not-one-identity-issues");

        Assert.Multiple(() =>
        {
            Assert.That(withCookie, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(device)))));
            Assert.That(withoutCookie, Is.Null, "what the client claims is dropped");
            Assert.That(malformedCookie, Is.Null);
        });
    }

    [Test]
    public async Task Cookie_session_get_needs_no_csrf_header()
    {
        var cookie = GatewayHost.CookiePair(await _host.SignInAsync("access-token-get"));
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/identity/profile-get");
        request.Headers.Add("Cookie", cookie);

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_host.Identity.ReceivedAt("/api/identity/profile-get").Single().Header("Authorization"), Is.EqualTo("Bearer access-token-get"));
    }

    [Test]
    public async Task Own_bearer_token_without_cookie_is_passed_through_unchanged()
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/identity/service-call") { Content = new StringContent("{}") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "service-client-token");

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_host.Identity.ReceivedAt("/api/identity/service-call").Single().Header("Authorization"), Is.EqualTo("Bearer service-client-token"));
    }

    [Test]
    public async Task Partner_bearer_call_to_webhooks_reaches_notifications_with_its_authorization_intact()
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/partner/v1/webhooks/endpoints")
        {
            Content = new StringContent("""{"url":"https://partner.example/hooks"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "partner-client-token");

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var seen = _host.Notifications.ReceivedAt("/partner/v1/webhooks/endpoints").Single();
        Assert.Multiple(() =>
        {
            Assert.That(seen.Method, Is.EqualTo("POST"));
            Assert.That(seen.Path, Is.EqualTo("/partner/v1/webhooks/endpoints"), "forwarded with its path unchanged");
            Assert.That(seen.Header("Authorization"), Is.EqualTo("Bearer partner-client-token"));
            Assert.That(_host.Identity.ReceivedAt("/partner"), Is.Empty);
        });
    }

    [Test]
    public async Task Partner_webhooks_never_get_a_browser_session_token()
    {
        var cookie = GatewayHost.CookiePair(await _host.SignInAsync("access-token-not-for-partners"));
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/partner/v1/webhooks/deliveries?status=dead");
        request.Headers.Add("Cookie", cookie);

        using var response = await client.SendAsync(request);

        var seen = _host.Notifications.ReceivedAt("/partner/v1/webhooks/deliveries").Single();
        Assert.Multiple(() =>
        {
            Assert.That(seen.Path, Is.EqualTo("/partner/v1/webhooks/deliveries?status=dead"));
            Assert.That(seen.Header("Authorization"), Is.Null, "partners authenticate with their own bearer token only");
            Assert.That(seen.Header("Cookie"), Is.Null);
        });
    }

    [Test]
    public async Task Anonymous_registration_is_proxied_without_credentials()
    {
        using var client = _host.CreateClient();

        using var response = await client.PostAsync("/api/identity/registrations", new StringContent("{}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_host.Identity.ReceivedAt("/api/identity/registrations").Single().Header("Authorization"), Is.Null);
    }

    [Test]
    public async Task Identity_ui_routes_keep_their_cookies_but_lose_the_session_cookie()
    {
        var cookie = GatewayHost.CookiePair(await _host.SignInAsync("access-token-ui"));
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/authorize?client_id=jade-bff");
        request.Headers.Add("Cookie", $"jade.identity=abc; {cookie}");

        using var response = await client.SendAsync(request);

        var seen = _host.Identity.ReceivedAt("/connect/authorize").Single();
        Assert.Multiple(() =>
        {
            Assert.That(seen.Header("Cookie"), Is.EqualTo("jade.identity=abc"));
            Assert.That(seen.Header("Authorization"), Is.Null);
            Assert.That(response.Headers.GetValues("Set-Cookie"), Has.Some.StartsWith("downstream="));
        });
    }

    [Test]
    public async Task Service_collection_root_without_trailing_segment_is_proxied()
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync("/api/notifications?page=1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_host.Notifications.ReceivedAt("/api/notifications?page=1"), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Unknown_api_path_is_not_proxied()
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync("/api/unknown/x");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(_host.Identity.ReceivedAt("/api/unknown"), Is.Empty);
        Assert.That(_host.Notifications.ReceivedAt("/api/unknown"), Is.Empty);
    }
}
