using System.Net;
using System.Text.Json;

namespace Jade.Messaging.Dapr.Tests.Adapter;

public sealed class SubscriptionTests
{
    private GreeterService _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _service = await GreeterService.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _service.DisposeAsync();

    [Test]
    public async Task The_sidecar_reads_one_subscription_per_handled_type_with_route_and_dead_letter_topic_and_one_for_the_dead_letters()
    {
        using var sidecar = _service.SidecarClient();

        using var response = await sidecar.GetAsync("/dapr/subscribe");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.Content.ReadAsStringAsync();
        // Compared as written on the wire: daprd reads these exact property names.
        Assert.That(JsonSerializer.Deserialize<List<Dictionary<string, string>>>(body), Is.EqualTo(new[]
        {
            new Dictionary<string, string>
            {
                ["pubsubname"] = "jade-pubsub", ["topic"] = "farewell-said", ["route"] = "/dapr/events/farewell-said",
                ["deadLetterTopic"] = "greeter-dead-letter",
            },
            new Dictionary<string, string>
            {
                ["pubsubname"] = "jade-pubsub", ["topic"] = "greeting-sent", ["route"] = "/dapr/events/greeting-sent",
                ["deadLetterTopic"] = "greeter-dead-letter",
            },
            // Its own dead letters, to count them; no dead-letter topic of its own, so nothing loops.
            new Dictionary<string, string>
            {
                ["pubsubname"] = "jade-pubsub", ["topic"] = "greeter-dead-letter", ["route"] = "/dapr/dead-letters",
            },
        }), body);
    }

    [TestCase(null)]
    [TestCase("wrong")]
    public async Task Only_the_sidecar_may_read_the_subscriptions(string? token)
    {
        using var caller = _service.SidecarClient(token);

        using var response = await caller.GetAsync("/dapr/subscribe");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
