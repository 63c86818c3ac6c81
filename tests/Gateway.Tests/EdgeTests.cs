using System.Net;

namespace Jade.Gateway.Tests;

/// <summary>Security headers, rate limiting and the SPA: what every response at the edge gets.</summary>
[TestFixture]
public sealed class EdgeTests
{
    private GatewayHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await GatewayHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [TestCase("/bff/user")]
    [TestCase("/api/notifications/x")]
    [TestCase("/wallet")]
    [TestCase("/api/unknown/x")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'self'").And.Contain("frame-ancestors 'none'"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("strict-origin-when-cross-origin"));
            Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
        });
    }

    [Test]
    public async Task Exceeding_the_login_rate_limit_answers_429_with_retry_after()
    {
        using var client = _host.CreateClient();
        for (var i = 0; i < GatewayHost.AuthPermitLimit; i++)
        {
            using var allowed = await client.PostAsync("/account/login", new FormUrlEncodedContent([]));
            Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        // Pages themselves are not credential attempts and stay available.
        using var page = await client.GetAsync("/account/login");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent([]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(_host.Identity.ReceivedAt("/account/login"), Has.Length.EqualTo(GatewayHost.AuthPermitLimit + 1), "the refused post never reached identity");
    }

    [Test]
    public async Task Client_side_routes_fall_back_to_an_uncached_index_html()
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync("/wallet/transfers");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<title>Jade</title>"));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
    }

    [Test]
    public async Task Hashed_assets_are_cached_immutable()
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync("/assets/app-3f2a9c.js");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.CacheControl?.ToString(), Does.Contain("immutable"));
    }

    [TestCase("/bff/nothing")]
    [TestCase("/health/nothing")]
    [TestCase("/signin-oidc-not")]
    public async Task Server_paths_are_not_answered_with_the_spa(string path)
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync(path);

        if (path == "/signin-oidc-not")
        {
            // Only the exact server prefixes are reserved; a look-alike path is an SPA route.
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            return;
        }
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Liveness_probe_answers()
    {
        using var client = _host.CreateClient();

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
