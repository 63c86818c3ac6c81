using System.Net;
using System.Text.Json;
using Jade.Gateway.Bff;

namespace Jade.Gateway.Tests;

/// <summary>The session cookie, the BFF endpoints and where the tokens live.</summary>
[TestFixture]
public sealed class BffSessionTests
{
    private GatewayHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await GatewayHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task Session_cookie_carries_only_a_small_key_and_is_httponly_and_samesite_strict()
    {
        const string token = "eyJhbGciOiJSUzI1NiJ9.secret-access-token-payload.signature";

        var setCookie = await _host.SignInAsync(token);

        var value = GatewayHost.CookiePair(setCookie).Split('=', 2)[1];
        Assert.Multiple(() =>
        {
            Assert.That(setCookie, Does.StartWith($"{BffDefaults.SessionCookieName}="));
            Assert.That(value, Has.Length.LessThan(200));
            Assert.That(value, Does.Not.Contain("secret-access-token"));
            Assert.That(setCookie, Does.Contain("httponly").IgnoreCase);
            Assert.That(setCookie, Does.Contain("samesite=strict").IgnoreCase);
            // Plain-http development on localhost cannot use a Secure cookie.
            Assert.That(setCookie, Does.Not.Contain("secure").IgnoreCase);
        });
    }

    [Test]
    public async Task Session_cookie_is_secure_on_a_public_host()
    {
        var setCookie = await _host.SignInAsync("access-token-public-host", host: "app.jade.example");

        Assert.That(setCookie, Does.Contain("secure").IgnoreCase);
    }

    [Test]
    public async Task Stored_session_keeps_the_tokens_encrypted()
    {
        await _host.SignInAsync("plain-text-token-must-not-be-stored");

        await using var connection = _host.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ticket FROM gateway.sessions";
        var tickets = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tickets.Add(System.Text.Encoding.UTF8.GetString((byte[])reader[0]));
            }
        }

        Assert.That(tickets, Is.Not.Empty);
        Assert.That(tickets, Has.None.Contain("plain-text-token"));
    }

    [Test]
    public async Task Anonymous_user_endpoint_says_not_authenticated_and_is_never_cached()
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync("/bff/user");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(json.RootElement.GetProperty("isAuthenticated").GetBoolean(), Is.False);
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
    }

    [Test]
    public async Task Signed_in_user_endpoint_describes_the_user_and_the_logout_url()
    {
        var cookie = GatewayHost.CookiePair(await _host.SignInAsync("access-token-user", sub: "user-42"));
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/bff/user");
        request.Headers.Add("Cookie", cookie);

        using var response = await client.SendAsync(request);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var user = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(user.GetProperty("isAuthenticated").GetBoolean(), Is.True);
            Assert.That(user.GetProperty("sub").GetString(), Is.EqualTo("user-42"));
            Assert.That(user.GetProperty("email").GetString(), Is.EqualTo("user-42@jade.example"));
            Assert.That(user.GetProperty("roles")[0].GetString(), Is.EqualTo("customer"));
            Assert.That(user.GetProperty("logoutUrl").GetString(), Does.Match("^/bff/logout\\?sid=.{10,}$"));
            Assert.That(user.ToString(), Does.Not.Contain("access-token-user"));
        });
    }

    [Test]
    public async Task Logout_with_a_foreign_sid_is_refused()
    {
        var cookie = GatewayHost.CookiePair(await _host.SignInAsync("access-token-logout"));
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/bff/logout?sid=guessed");
        request.Headers.Add("Cookie", cookie);

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [TestCase("https://evil.example")]
    [TestCase("//evil.example/x")]
    [TestCase("/\\evil.example")]
    public async Task Login_refuses_a_non_local_return_url(string returnUrl)
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync($"/bff/login?returnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Login_while_identity_is_unreachable_answers_503()
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync("/bff/login?returnUrl=/wallet");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }
}
