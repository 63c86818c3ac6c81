using System.Text.Json;
using Dapr.Client.Autogen.Grpc.v1;
using Jade.Messaging.Dapr.Tests.Sidecar;
using Jade.Testing;

namespace Jade.Messaging.Dapr.Tests.Adapter;

/// <summary>What reaches the sidecar's gRPC API when the service publishes: observed by a fake daprd on a loopback port.</summary>
public sealed class PublishTests
{
    private FakeDaprSidecar _sidecar = null!;
    private GreeterService _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _sidecar = await FakeDaprSidecar.StartAsync();
        _service = await GreeterService.StartAsync(_sidecar.EndpointSettings);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _service.DisposeAsync();
        await _sidecar.DisposeAsync();
    }

    [Test]
    public async Task A_message_goes_to_its_types_topic_as_a_CloudEvent_with_the_message_id_and_correlation()
    {
        var sentAt = new DateTimeOffset(2026, 5, 1, 8, 30, 0, TimeSpan.Zero);
        var message = new OutgoingMessage(Guid.CreateVersion7(), typeof(GreetingSent), new GreetingSent("hello", sentAt), "order-42");

        await _service.App.Services.GetRequiredService<IMessageTransport>().PublishAsync(message, CancellationToken.None);

        var published = _sidecar.Published.Single(p => CloudEventOf(p).GetProperty("id").GetString() == message.MessageId.ToString());
        var cloudEvent = CloudEventOf(published);
        Assert.Multiple(() =>
        {
            Assert.That(published.PubsubName, Is.EqualTo("jade-pubsub"));
            Assert.That(published.Topic, Is.EqualTo("greeting-sent"));
            Assert.That(published.DataContentType, Is.EqualTo("application/cloudevents+json"), "Dapr keeps an envelope it is given");
            Assert.That(cloudEvent.GetProperty("specversion").GetString(), Is.EqualTo("1.0"));
            Assert.That(cloudEvent.GetProperty("source").GetString(), Is.EqualTo("greeter"));
            Assert.That(cloudEvent.GetProperty("type").GetString(), Is.EqualTo(typeof(GreetingSent).FullName));
            Assert.That(cloudEvent.GetProperty("correlationid").GetString(), Is.EqualTo("order-42"));
            Assert.That(cloudEvent.GetProperty("datacontenttype").GetString(), Is.EqualTo("application/json"));
            Assert.That(cloudEvent.GetProperty("data").GetProperty("text").GetString(), Is.EqualTo("hello"));
            Assert.That(cloudEvent.GetProperty("data").GetProperty("sentAt").GetDateTimeOffset(), Is.EqualTo(sentAt));
        });
    }

    [Test]
    public async Task A_committed_outbox_row_is_relayed_to_the_sidecar_under_its_row_id_and_marked_sent()
    {
        Guid id;
        await using (var scope = _service.App.Services.CreateAsyncScope())
        {
            id = scope.ServiceProvider.GetRequiredService<IOutbox>().Add(new FarewellSaid("goodbye"));
            await scope.ServiceProvider.GetRequiredService<GreeterDb>().SaveChangesAsync();
        }

        var published = await Eventually.WaitForAsync(
            () => Task.FromResult(_sidecar.Published.Where(p => CloudEventOf(p).GetProperty("id").GetString() == id.ToString()).ToList()),
            p => p.Count > 0, TimeSpan.FromSeconds(15));
        var unsent = await Eventually.WaitForAsync(
            () => _service.CountAsync<OutboxMessage>(q => q.Where(m => m.Id == id && m.SentAt == null)), n => n == 0, TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(published, Has.Count.EqualTo(1));
            Assert.That(published[0].Topic, Is.EqualTo("farewell-said"));
            Assert.That(CloudEventOf(published[0]).TryGetProperty("correlationid", out _), Is.False, "no correlation, no attribute");
            Assert.That(unsent, Is.Zero);
        });
    }

    [Test]
    public async Task A_publish_the_sidecar_cannot_take_fails_so_the_relay_keeps_the_row()
    {
        await using var unreachable = await GreeterService.StartAsync(new Dictionary<string, string?>
        {
            [$"{DaprBusOptions.Section}:GrpcEndpoint"] = "http://127.0.0.1:1",
        });
        var message = new OutgoingMessage(Guid.CreateVersion7(), typeof(FarewellSaid), new FarewellSaid("lost?"), null);

        Assert.That(() => unreachable.App.Services.GetRequiredService<IMessageTransport>().PublishAsync(message, CancellationToken.None),
            Throws.Exception);
    }

    private static JsonElement CloudEventOf(PublishEventRequest request) =>
        JsonDocument.Parse(request.Data.Memory).RootElement;
}
