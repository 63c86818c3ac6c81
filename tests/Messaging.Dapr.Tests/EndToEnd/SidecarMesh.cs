using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapr.Client.Autogen.Grpc.v1;
using Grpc.Core;
using Jade.Messaging.Dapr.Tests.Sidecar;

namespace Jade.Messaging.Dapr.Tests.EndToEnd;

/// <summary>
/// Plays the sidecars of several in-process services and the broker between them. Publishes arrive over gRPC (the
/// <see cref="FakeDaprSidecar"/>); each is completed as daprd completes a CloudEvent it is given (adding <c>topic</c> and
/// <c>pubsubname</c>) and posted, with that service's app token, to every attached service whose <c>/dapr/subscribe</c>
/// lists the topic. Deliveries happen after the publish returns, as through a broker, and are recorded with the answer.
/// </summary>
public sealed class SidecarMesh : IAsyncDisposable
{
    private readonly FakeDaprSidecar _sidecar;
    private readonly ConcurrentBag<Subscriber> _subscribers = [];
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private readonly ConcurrentBag<Task> _inFlight = [];

    private SidecarMesh(FakeDaprSidecar sidecar) => _sidecar = sidecar;

    public IReadOnlyList<Delivery> Deliveries => [.. _deliveries];

    public static async Task<SidecarMesh> StartAsync()
    {
        var mesh = new SidecarMesh(await FakeDaprSidecar.StartAsync());
        mesh._sidecar.OnPublish = mesh.RouteAsync;
        return mesh;
    }

    /// <summary>What a service on this mesh is configured with: the Dapr transport, this sidecar, and its app token.</summary>
    public IReadOnlyDictionary<string, string?> SettingsFor(string appToken) => new Dictionary<string, string?>(_sidecar.EndpointSettings)
    {
        ["Messaging:Transport"] = "dapr",
        [DaprBusOptions.AppApiTokenVariable] = appToken,
    };

    /// <summary>Reads the service's subscriptions once, as daprd does when the app starts.</summary>
    public async Task AttachAsync(string appId, HttpClient app, string appToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dapr/subscribe");
        request.Headers.Add("dapr-api-token", appToken);
        using var response = await app.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var subscriptions = await response.Content.ReadFromJsonAsync<List<DaprSubscription>>() ?? [];
        _subscribers.Add(new Subscriber(appId, app, appToken, subscriptions));
    }

    /// <summary>Posts a recorded delivery's event again, as the sidecar does after a crash before the broker saw the ack.</summary>
    public Task<Delivery> RedeliverAsync(Delivery delivery) =>
        DeliverAsync(_subscribers.Single(s => s.AppId == delivery.AppId), delivery.Route, delivery.Topic, delivery.CloudEvent);

    private Task RouteAsync(PublishEventRequest publish)
    {
        if (publish.DataContentType != "application/cloudevents+json")
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"expected a CloudEvent, got {publish.DataContentType}"));
        }
        var cloudEvent = JsonNode.Parse(publish.Data.Span)!.AsObject();
        cloudEvent["topic"] = publish.Topic;
        cloudEvent["pubsubname"] = publish.PubsubName;
        foreach (var subscriber in _subscribers)
        {
            foreach (var subscription in subscriber.Subscriptions.Where(s => s.PubSubName == publish.PubsubName && s.Topic == publish.Topic))
            {
                _inFlight.Add(Task.Run(() => DeliverAsync(subscriber, subscription.Route, publish.Topic, cloudEvent.ToJsonString())));
            }
        }
        return Task.CompletedTask;
    }

    private async Task<Delivery> DeliverAsync(Subscriber subscriber, string route, string topic, string cloudEvent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route)
        {
            Content = new StringContent(cloudEvent, Encoding.UTF8, "application/cloudevents+json"),
        };
        request.Headers.Add("dapr-api-token", subscriber.AppToken);
        using var response = await subscriber.App.SendAsync(request);
        var delivery = new Delivery(subscriber.AppId, route, topic, cloudEvent, (int)response.StatusCode, await response.Content.ReadAsStringAsync());
        _deliveries.Enqueue(delivery);
        return delivery;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_inFlight);
        await _sidecar.DisposeAsync();
    }

    private sealed record Subscriber(string AppId, HttpClient App, string AppToken, IReadOnlyList<DaprSubscription> Subscriptions);
}

/// <summary>One event posted to a service, and what the service answered.</summary>
public sealed record Delivery(string AppId, string Route, string Topic, string CloudEvent, int StatusCode, string Answer)
{
    public string? EventId => JsonDocument.Parse(CloudEvent).RootElement.GetProperty("id").GetString();

    public override string ToString() => $"{AppId} {Topic} {EventId}: {StatusCode} {Answer}";
}
