using System.Net;
using System.Text.Json.Nodes;

namespace Jade.Messaging.Dapr.Tests.Adapter;

/// <summary>The topic routes as the sidecar calls them: idempotent by CloudEvent id, sidecar-only, and answering in Dapr's terms.</summary>
public sealed class TopicRouteTests
{
    private const string Topic = "greeting-sent";
    private GreeterService _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _service = await GreeterService.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _service.DisposeAsync();

    [Test]
    public async Task A_CloudEvent_posted_twice_runs_each_handler_once_with_the_events_id_correlation_and_time()
    {
        var id = Guid.CreateVersion7();
        var text = Unique("hello");
        var cloudEvent = SidecarDelivery.CloudEvent(id, Topic, Greeting(text), correlationId: "order-42");
        using var sidecar = _service.SidecarClient();

        var first = await (await sidecar.PostAsync(Topic, cloudEvent)).StatusAsync();
        var second = await (await sidecar.PostAsync(Topic, cloudEvent)).StatusAsync();

        var effects = await EffectsAsync(text);
        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.EqualTo("SUCCESS"));
            Assert.That(second, Is.EqualTo("SUCCESS"), "a redelivery is acknowledged");
            Assert.That(effects.Select(e => e.Handler), Is.EquivalentTo(new[] { nameof(CountGreeting), nameof(RecordGreeting) }),
                "every handler of the type ran, each once");
            Assert.That(effects.Select(e => e.MessageId), Is.All.EqualTo(id));
            Assert.That(effects.Select(e => e.CorrelationId), Is.All.EqualTo("order-42"));
            Assert.That(effects.Select(e => e.SentAt), Is.All.EqualTo(DateTimeOffset.Parse("2026-05-01T08:30:00Z", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(await _service.CountAsync<InboxMessage>(q => q.Where(m => m.MessageId == id)), Is.EqualTo(2));
        });
    }

    [TestCase(null, TestName = "No dapr-api-token")]
    [TestCase("wrong", TestName = "A wrong dapr-api-token")]
    [TestCase(GreeterService.AppToken + "x", TestName = "The app token with a suffix")]
    [TestCase("", TestName = "An empty dapr-api-token")]
    public async Task A_caller_without_the_app_token_is_refused_and_nothing_is_written(string? token)
    {
        var id = Guid.CreateVersion7();
        var text = Unique("intruder");
        using var caller = _service.SidecarClient(token);

        using var response = await caller.PostAsync(Topic, SidecarDelivery.CloudEvent(id, Topic, Greeting(text)));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await EffectsAsync(text), Is.Empty);
            Assert.That(await _service.CountAsync<InboxMessage>(q => q.Where(m => m.MessageId == id)), Is.Zero);
        });
    }

    private static IEnumerable<TestCaseData> Undeliverable()
    {
        yield return new TestCaseData("not json at all").SetName("A body that is not JSON");
        yield return new TestCaseData("[1, 2]").SetName("JSON that is not a CloudEvent");
        yield return new TestCaseData(Event("not-a-uuid", new JsonObject { ["text"] = "x", ["sentAt"] = "2026-05-01T08:30:00Z" }))
            .SetName("An id that is not a message id");
        yield return new TestCaseData(Event(null, null)).SetName("No data");
        yield return new TestCaseData(Event(null, JsonValue.Create("a string"))).SetName("Data that is not an object");
        yield return new TestCaseData(Event(null, new JsonObject { ["text"] = 5, ["sentAt"] = "2026-05-01T08:30:00Z" }))
            .SetName("Data of the wrong shape");
        yield return new TestCaseData(Event(null, new JsonObject { ["sentAt"] = "2026-05-01T08:30:00Z" }))
            .SetName("Data without a required field");
        yield return new TestCaseData(Event(null, new JsonObject { ["text"] = null, ["sentAt"] = "2026-05-01T08:30:00Z" }))
            .SetName("Data with null where the contract forbids it");
    }

    [TestCaseSource(nameof(Undeliverable))]
    public async Task An_event_that_can_never_be_handled_is_dropped_for_the_dead_letter_topic(string body)
    {
        var inboxBefore = await _service.CountAsync<InboxMessage>();
        var effectsBefore = await _service.CountAsync<GreetingEffect>();
        using var sidecar = _service.SidecarClient();

        var status = await (await sidecar.PostAsync($"/dapr/events/{Topic}", SidecarDelivery.Body(body))).StatusAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(status, Is.EqualTo("DROP"));
            Assert.That(await _service.CountAsync<InboxMessage>(), Is.EqualTo(inboxBefore));
            Assert.That(await _service.CountAsync<GreetingEffect>(), Is.EqualTo(effectsBefore));
        });
    }

    [Test]
    public async Task A_failing_handler_answers_RETRY_and_the_retry_skips_the_handler_that_already_succeeded()
    {
        var id = Guid.CreateVersion7();
        var cloudEvent = SidecarDelivery.CloudEvent(id, Topic, Greeting("fail"));
        using var sidecar = _service.SidecarClient();

        var first = await (await sidecar.PostAsync(Topic, cloudEvent)).StatusAsync();
        var retry = await (await sidecar.PostAsync(Topic, cloudEvent)).StatusAsync();

        var effects = await _service.CountAsync<GreetingEffect>(q => q.Where(e => e.MessageId == id));
        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.EqualTo("RETRY"));
            Assert.That(retry, Is.EqualTo("RETRY"));
            Assert.That(effects, Is.EqualTo(1), "only the handler registered before the failing one left an effect, once");
            Assert.That(await _service.CountAsync<InboxMessage>(q => q.Where(m => m.MessageId == id && m.Consumer == nameof(RecordGreeting))),
                Is.Zero, "the failed handler's delivery is not recorded as processed");
        });
    }

    [Test]
    public async Task A_topic_the_service_does_not_subscribe_to_has_no_route()
    {
        using var sidecar = _service.SidecarClient();

        using var response = await sidecar.PostAsync("user-registered", SidecarDelivery.CloudEvent(Guid.CreateVersion7(), "user-registered", Greeting("x")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private static string Unique(string text) => $"{text}-{Guid.NewGuid():N}";

    private static JsonObject Greeting(string text) => new() { ["text"] = text, ["sentAt"] = "2026-05-01T08:29:59Z" };

    private static string Event(string? id, JsonNode? data)
    {
        var cloudEvent = SidecarDelivery.CloudEvent(Guid.CreateVersion7(), Topic, data);
        if (id is not null)
        {
            cloudEvent["id"] = id;
        }
        return cloudEvent.ToJsonString();
    }

    private async Task<List<GreetingEffect>> EffectsAsync(string text)
    {
        await using var scope = _service.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GreeterDb>().Effects.AsNoTracking().Where(e => e.Text == text).ToListAsync();
    }
}
