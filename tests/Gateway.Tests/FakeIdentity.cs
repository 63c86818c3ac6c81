using System.Collections.Concurrent;
using Jade.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Jade.Gateway.Tests;

/// <summary>
/// Identity's discovery document and token endpoint, just enough to observe what the gateway's OIDC client sends:
/// the discovery document names public (gateway-origin) endpoints, as the real identity's does.
/// </summary>
public sealed class FakeIdentity : IAsyncDisposable
{
    public const string GoodRefreshToken = "refresh-good";
    private readonly WebApplication _app;

    private FakeIdentity(WebApplication app) => _app = app;

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenRequests { get; } = new();

    /// <summary>The origin each discovery and token request presented (<c>X-Forwarded-Proto</c>://<c>X-Forwarded-Host</c>).</summary>
    public ConcurrentQueue<string> PresentedOrigins { get; } = new();

    public string MetadataAddress => new Uri(new Uri(_app.Urls.First()), ".well-known/openid-configuration").ToString();

    public const string Issuer = "http://localhost:5000/";

    /// <param name="keys">The signing keys it publishes (<see cref="TestTokens.PublicKeySet"/>); none by default.</param>
    public static async Task<FakeIdentity> StartAsync(TestTokens? keys = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeIdentity(app);
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/.well-known") || context.Request.Path.StartsWithSegments("/connect"))
            {
                fake.PresentedOrigins.Enqueue($"{context.Request.Headers["X-Forwarded-Proto"]}://{context.Request.Headers["X-Forwarded-Host"]}");
            }
            return next(context);
        });
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = "http://localhost:5000/connect/authorize",
            ["token_endpoint"] = "http://localhost:5000/connect/token",
            ["end_session_endpoint"] = "http://localhost:5000/connect/logout",
            ["jwks_uri"] = "http://localhost:5000/.well-known/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/.well-known/jwks", () => keys is null
            ? Results.Json(new { keys = Array.Empty<object>() })
            : Results.Text(keys.PublicKeySet(), "application/json"));
        app.MapPost("/connect/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            fake.TokenRequests.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            return form["grant_type"] == "refresh_token" && form["refresh_token"] == GoodRefreshToken
                ? Results.Json(new { access_token = "refreshed-access", refresh_token = "rotated-refresh", token_type = "Bearer", expires_in = 300 })
                : Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        });
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
