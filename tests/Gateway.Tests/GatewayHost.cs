using System.Globalization;
using System.Security.Claims;
using Jade.Gateway.Bff;
using Jade.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Gateway.Tests;

/// <summary>
/// The real gateway (WebApplicationFactory) on a fresh database, with its identity and notifications clusters
/// pointed at echo services, low auth rate limits, and a tiny built SPA.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    public const int AuthPermitLimit = 3;

    private readonly string _scratch;

    private readonly string _metadataAddress;

    private GatewayHost(TestDatabase database, EchoService identity, EchoService notifications, string scratch, string metadataAddress)
    {
        _metadataAddress = metadataAddress;
        Database = database;
        Identity = identity;
        Notifications = notifications;
        _scratch = scratch;
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in Settings())
            {
                web.UseSetting(key, value);
            }
        });
    }

    public TestDatabase Database { get; }

    public EchoService Identity { get; }

    public EchoService Notifications { get; }

    public WebApplicationFactory<Program> Factory { get; }

    /// <param name="metadataAddress">Identity's discovery document; by default an address nothing listens on.</param>
    public static async Task<GatewayHost> StartAsync(string metadataAddress = "http://127.0.0.1:9/.well-known/openid-configuration")
    {
        var scratch = Directory.CreateTempSubdirectory("jade-gateway-tests-").FullName;
        var spa = Directory.CreateDirectory(Path.Combine(scratch, "spa", "assets"));
        await File.WriteAllTextAsync(Path.Combine(scratch, "spa", "index.html"), "<!doctype html><title>Jade</title>");
        await File.WriteAllTextAsync(Path.Combine(spa.FullName, "app-3f2a9c.js"), "console.log('jade')");
        var host = new GatewayHost(await TestDatabase.CreateAsync("gateway"), await EchoService.StartAsync(), await EchoService.StartAsync(), scratch, metadataAddress);
        // Starts the server now, so migrations run before the first test.
        host.Factory.CreateClient().Dispose();
        return host;
    }

    public HttpClient CreateClient() =>
        Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>
    /// Signs a user in through the gateway's real cookie handler and session store (what the OIDC callback does
    /// after identity answered) and returns the Set-Cookie header it produced.
    /// </summary>
    public async Task<string> SignInAsync(
        string accessToken, string sub = "user-1", string host = "localhost", TimeSpan? expiresIn = null, string? refreshToken = null)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Scheme = "http";
        context.Request.Host = new HostString(host);
        var identity = new ClaimsIdentity(
            [new Claim("sub", sub), new Claim("email", $"{sub}@jade.example"), new Claim("name", "Li Lei"), new Claim("role", "customer")],
            authenticationType: "oidc", nameType: "name", roleType: "role");
        var properties = new AuthenticationProperties();
        properties.StoreTokens(
        [
            new AuthenticationToken { Name = "access_token", Value = accessToken },
            new AuthenticationToken { Name = "refresh_token", Value = refreshToken ?? "refresh-" + accessToken },
            new AuthenticationToken { Name = "expires_at", Value = DateTimeOffset.UtcNow.Add(expiresIn ?? TimeSpan.FromHours(1)).ToString("o", CultureInfo.InvariantCulture) },
        ]);
        await context.SignInAsync(BffDefaults.CookieScheme, new ClaimsPrincipal(identity), properties);
        return context.Response.Headers.SetCookie.ToString();
    }

    /// <summary>The <c>name=value</c> part of a Set-Cookie header, ready for a Cookie request header.</summary>
    public static string CookiePair(string setCookie) => setCookie.Split(';')[0];

    private Dictionary<string, string> Settings() => new()
    {
        ["ConnectionStrings:gateway"] = Database.ConnectionString("gateway"),
        ["Database:MigrateOnStartup"] = "true",
        ["Bff:Authority"] = "http://localhost:5000/",
        ["Bff:MetadataAddress"] = _metadataAddress,
        ["Bff:ClientSecret"] = "test-client-secret",
        ["Bff:RequireHttpsMetadata"] = "false",
        ["DataProtection:KeysPath"] = Path.Combine(_scratch, "keys"),
        ["Spa:Root"] = Path.Combine(_scratch, "spa"),
        ["RateLimiting:Auth:PermitLimit"] = AuthPermitLimit.ToString(CultureInfo.InvariantCulture),
        ["RateLimiting:Api:PermitLimit"] = "1000",
        ["ReverseProxy:Clusters:identity:Destinations:d1:Address"] = Identity.Address.ToString(),
        ["ReverseProxy:Clusters:notifications:Destinations:d1:Address"] = Notifications.Address.ToString(),
    };

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Identity.DisposeAsync();
        await Notifications.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }
}
