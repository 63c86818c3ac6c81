using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Jade.Gateway.Tests;

/// <summary>What a downstream service received from the gateway.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Stand-in for "some service" behind the gateway, on a real loopback port: it records what the proxy forwarded
/// and answers with headers a service must not leak to the browser through /api (a cookie, a token).
/// </summary>
public sealed class EchoService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoService(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public Uri Address => new(_app.Urls.First());

    public static async Task<EchoService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var echo = new EchoService(app);
        app.Run(async context =>
        {
            // Active health probes are the gateway's business, not the request under test.
            if (!context.Request.Path.StartsWithSegments("/health"))
            {
                echo.Received.Enqueue(new ReceivedRequest(
                    context.Request.Method,
                    context.Request.Path + context.Request.QueryString,
                    context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            }
            context.Response.Headers.SetCookie = "downstream=leaked; path=/";
            context.Response.Headers["Authentication-Info"] = "downstream-token";
            await context.Response.WriteAsJsonAsync(new { path = context.Request.Path.Value });
        });
        await app.StartAsync();
        return echo;
    }

    public ReceivedRequest[] ReceivedAt(string path) => [.. Received.Where(r => r.Path.StartsWith(path, StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
