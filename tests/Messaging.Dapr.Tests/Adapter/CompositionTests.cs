using System.Text.Json;
using Jade.Messaging.Bus;
using Jade.Messaging.Dapr.Tests.Sidecar;
using Jade.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Jade.Messaging.Dapr.Tests.Adapter;

/// <summary>How <c>Messaging:Transport</c> composes a service, and what it refuses.</summary>
public sealed class CompositionTests
{
    [Test]
    public async Task Without_the_app_token_the_service_composes_for_commands_like_migrate_but_refuses_to_start()
    {
        await using var app = GreeterService.Compose(new Dictionary<string, string?> { [DaprBusOptions.AppApiTokenVariable] = null });

        var refusal = Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.That(refusal!.Message, Does.Contain("APP_API_TOKEN"));
    }

    [Test]
    public async Task The_app_token_can_come_from_the_Messaging_Dapr_section_instead()
    {
        await using var app = GreeterService.Compose(new Dictionary<string, string?>
        {
            [DaprBusOptions.AppApiTokenVariable] = null,
            [$"{DaprBusOptions.Section}:AppApiToken"] = "from-the-section",
        });

        Assert.That(app.Services.GetRequiredService<IOptions<DaprBusOptions>>().Value.AppApiToken, Is.EqualTo("from-the-section"));
    }

    [Test]
    public void An_unknown_transport_is_refused_when_the_service_is_composed()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() =>
            GreeterService.Compose(new Dictionary<string, string?> { [MessageBus.TransportSetting] = "kafka" }));

        Assert.That(refusal!.Message, Does.Contain("kafka").And.Contain("rabbitmq").And.Contain("dapr"));
    }

    [TestCase(null, "rabbitmq", TestName = "RabbitMQ by default")]
    [TestCase("RabbitMQ", "rabbitmq", TestName = "RabbitMQ when asked for")]
    [TestCase("dapr", "dapr", TestName = "Dapr when asked for")]
    public async Task Only_the_chosen_adapter_and_its_readiness_check_are_registered(string? transport, string check)
    {
        await using var app = GreeterService.Compose(new Dictionary<string, string?>
        {
            [MessageBus.TransportSetting] = transport,
            ["ConnectionStrings:rabbitmq"] = "amqp://guest:guest@127.0.0.1:1/",
        });

        var checks = app.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .Select(r => r.Name).Where(n => n is "rabbitmq" or "dapr");
        Assert.That(checks, Is.EqualTo(new[] { check }));
        Assert.That(app.Services.GetRequiredService<IMessageTransport>().GetType().Assembly.GetName().Name,
            Is.EqualTo(check == "dapr" ? "Jade.Messaging.Dapr" : "Jade.Messaging.RabbitMq"));
    }

    [Test]
    public async Task Readiness_is_degraded_not_unhealthy_while_the_sidecar_is_away_and_healthy_once_it_answers()
    {
        var sidecarPort = LoopbackPort.Free();
        await using var service = await GreeterService.StartAsync(new Dictionary<string, string?>
        {
            [$"{DaprBusOptions.Section}:HttpEndpoint"] = $"http://127.0.0.1:{sidecarPort}",
        });

        var (awayStatus, away) = await ReadinessAsync(service);
        await using var sidecar = await FakeDaprSidecar.StartAsync(sidecarPort);
        var (backStatus, back) = await ReadinessAsync(service);

        Assert.Multiple(() =>
        {
            Assert.That(awayStatus, Is.EqualTo(200), "the instance stays in rotation: the outbox keeps what it cannot publish");
            Assert.That(away.GetProperty("status").GetString(), Is.EqualTo("Degraded"));
            Assert.That(away.GetProperty("checks").GetProperty("dapr").GetProperty("status").GetString(), Is.EqualTo("Degraded"));
            Assert.That(backStatus, Is.EqualTo(200));
            Assert.That(back.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(back.GetProperty("checks").TryGetProperty("rabbitmq", out _), Is.False);
        });
    }

    private static async Task<(int Status, JsonElement Body)> ReadinessAsync(GreeterService service)
    {
        using var client = service.App.GetTestClient();
        using var response = await client.GetAsync("/health/ready");
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
