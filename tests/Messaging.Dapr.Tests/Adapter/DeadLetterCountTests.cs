using System.Net;
using System.Text.Json.Nodes;
using Jade.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Jade.Messaging.Dapr.Tests.Adapter;

/// <summary>
/// Under Dapr the sidecar dead-letters by itself; the service learns of it from its subscription to its own dead-letter
/// topic and counts it in the same series as under RabbitMQ, so one alert covers both transports.
/// </summary>
public sealed class DeadLetterCountTests
{
    private const string Series = "jade_messaging_dead_lettered_total";
    private const string Queue = "greeter-dead-letter";

    private GreeterService _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _service = await GreeterService.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _service.DisposeAsync();

    [Test]
    public async Task A_dead_lettered_event_is_counted_by_its_contract_and_acknowledged()
    {
        using var sidecar = _service.SidecarClient();
        var before = await CountAsync(nameof(GreetingSent));
        var deadLetter = SidecarDelivery.CloudEvent(Guid.NewGuid(), Queue, new JsonObject { ["name"] = "Ada" });
        deadLetter["type"] = typeof(GreetingSent).FullName;

        using var response = await sidecar.PostAsync("/dapr/dead-letters", SidecarDelivery.Body(deadLetter.ToJsonString()));

        Assert.Multiple(async () =>
        {
            Assert.That(before, Is.Not.Null, "the series is served before the first dead letter");
            Assert.That(await response.StatusAsync(), Is.EqualTo("SUCCESS"), "a count is never redelivered");
            Assert.That(await CountAsync(nameof(GreetingSent)) - before, Is.EqualTo(1));
        });
    }

    [TestCase("not json at all")]
    [TestCase("""{"specversion":"1.0","id":"x","type":"Jade.Somebody.Else"}""")]
    public async Task Anything_else_on_the_dead_letter_topic_is_counted_as_unknown(string body)
    {
        using var sidecar = _service.SidecarClient();
        var before = await CountAsync(DeadLetterCounts.Unknown);

        using var response = await sidecar.PostAsync("/dapr/dead-letters", SidecarDelivery.Body(body));

        Assert.That(await response.StatusAsync(), Is.EqualTo("SUCCESS"));
        Assert.That(await CountAsync(DeadLetterCounts.Unknown) - before, Is.EqualTo(1));
    }

    [Test]
    public async Task Only_the_sidecar_may_report_a_dead_letter()
    {
        using var caller = _service.SidecarClient(token: "wrong");
        var before = await CountAsync(nameof(GreetingSent));

        using var response = await caller.PostAsync("/dapr/dead-letters", SidecarDelivery.Body("{}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await CountAsync(nameof(GreetingSent)), Is.EqualTo(before));
    }

    private async Task<double?> CountAsync(string messageType)
    {
        using var client = _service.App.GetTestClient();
        return (await MetricsScrape.FromAsync(client)).Value(Series, ("queue", Queue), ("message_type", messageType));
    }
}
