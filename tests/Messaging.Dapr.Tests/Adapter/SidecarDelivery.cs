using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jade.Messaging.Dapr.Tests.Adapter;

/// <summary>What the sidecar sends to a topic route, written out by hand so the adapter's reading is tested against Dapr's format.</summary>
internal static class SidecarDelivery
{
    /// <summary>A structured CloudEvent as Dapr delivers it: the publisher's attributes plus the ones the sidecar adds.</summary>
    public static JsonObject CloudEvent(Guid id, string topic, JsonNode? data, string? correlationId = null, string time = "2026-05-01T08:30:00Z")
    {
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = id.ToString(),
            ["source"] = "publisher",
            ["type"] = "Jade.Test",
            ["time"] = time,
            ["datacontenttype"] = "application/json",
            ["data"] = data,
            ["topic"] = topic,
            ["pubsubname"] = "jade-pubsub",
            ["traceid"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            ["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            ["tracestate"] = "",
        };
        if (correlationId is not null)
        {
            cloudEvent["correlationid"] = correlationId;
        }
        return cloudEvent;
    }

    public static Task<HttpResponseMessage> PostAsync(this HttpClient sidecar, string topic, JsonNode cloudEvent) =>
        sidecar.PostAsync($"/dapr/events/{topic}", Body(cloudEvent.ToJsonString()));

    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/cloudevents+json");

    /// <summary>The <c>status</c> of a topic route's 2xx answer, which tells the sidecar to ack, retry or drop.</summary>
    public static async Task<string?> StatusAsync(this HttpResponseMessage response)
    {
        Assert.That((int)response.StatusCode, Is.InRange(200, 299), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }
}
