using System.Collections.Concurrent;
using System.Net;
using Dapr.Client.Autogen.Grpc.v1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jade.Messaging.Dapr.Tests.Sidecar;

/// <summary>
/// Stands in for daprd on loopback, over the wire as the SDK meets it: the Dapr gRPC API's <c>PublishEvent</c> on an
/// HTTP/2 port and the outbound health endpoint on an HTTP/1.1 port. Records every publish and hands it to
/// <see cref="OnPublish"/> (the broker side, when a test wants delivery).
/// </summary>
public sealed class FakeDaprSidecar : IAsyncDisposable
{
    private readonly ConcurrentQueue<PublishEventRequest> _published = new();
    private WebApplication _app = null!;

    private FakeDaprSidecar()
    {
    }

    public IReadOnlyList<PublishEventRequest> Published => [.. _published];

    /// <summary>Runs for each publish after it is recorded; the gRPC call completes when it does.</summary>
    public Func<PublishEventRequest, Task>? OnPublish { get; set; }

    public Uri GrpcEndpoint { get; private set; } = null!;

    public Uri HttpEndpoint { get; private set; } = null!;

    /// <summary>The settings that point a service's Dapr adapter at this sidecar.</summary>
    public IReadOnlyDictionary<string, string?> EndpointSettings => new Dictionary<string, string?>
    {
        [$"{DaprBusOptions.Section}:GrpcEndpoint"] = GrpcEndpoint.ToString(),
        [$"{DaprBusOptions.Section}:HttpEndpoint"] = HttpEndpoint.ToString(),
    };

    /// <param name="httpPort">The HTTP port to listen on, for a service configured before its sidecar came up; by default a free one.</param>
    public static async Task<FakeDaprSidecar> StartAsync(int httpPort = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Port 0: the system picks a free port; both are read back below, in this order. gRPC without TLS needs a
            // port that speaks only HTTP/2.
            kestrel.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, httpPort, o => o.Protocols = HttpProtocols.Http1);
        });
        var sidecar = new FakeDaprSidecar();
        builder.Services.AddSingleton(sidecar);
        builder.Services.AddGrpc();
        var app = sidecar._app = builder.Build();
        app.MapGrpcService<DaprApi>();
        app.MapGet("/v1.0/healthz/outbound", () => Results.NoContent());
        await app.StartAsync();
        var addresses = app.Urls.Select(a => new Uri(a)).ToList();
        sidecar.GrpcEndpoint = addresses[0];
        sidecar.HttpEndpoint = addresses[1];
        return sidecar;
    }

    internal async Task ReceiveAsync(PublishEventRequest request)
    {
        _published.Enqueue(request);
        if (OnPublish is { } onPublish)
        {
            await onPublish(request);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
