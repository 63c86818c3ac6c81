using Jade.Notifications.Webhooks;
using Microsoft.Extensions.Options;

namespace Jade.Notifications.Tests.Webhooks;

/// <summary>
/// Where a request may connect: a receiver on this machine stands in for a partner URL whose name resolves to a
/// private address (registered as a public name, or re-pointed after registration).
/// </summary>
public sealed class WebhookSenderAddressTests
{
    private WebhookReceiver _receiver = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _receiver = await WebhookReceiver.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _receiver.DisposeAsync();

    [TestCase("127.0.0.1", Description = "an address")]
    [TestCase("localhost", Description = "a name resolved when connecting")]
    public async Task A_request_never_connects_to_a_loopback_address_and_the_round_stops_at_the_first_attempt(string host)
    {
        var hook = _receiver.Add($"refused-{host}");
        using var sender = Sender(allowPrivateAddresses: false);

        var records = await sender.SendRoundAsync(Delivery(hook, host), allowedAttempts: 3, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(records, Has.Count.EqualTo(1), "not a transient failure: no retry within the round");
            Assert.That(records[0].StatusCode, Is.Null);
            Assert.That(records[0].Error, Does.Contain("resolves to no public address"));
            Assert.That(hook.Received, Is.Empty, "nothing reached the receiver");
        });
    }

    [Test]
    public async Task With_private_addresses_allowed_the_same_request_is_delivered()
    {
        var hook = _receiver.Add("allowed");
        using var sender = Sender(allowPrivateAddresses: true);

        var records = await sender.SendRoundAsync(Delivery(hook, "127.0.0.1"), allowedAttempts: 3, CancellationToken.None);

        Assert.That(records.Select(r => r.StatusCode), Is.EqualTo(new int?[] { 204 }));
        Assert.That(hook.Received, Has.Count.EqualTo(1));
    }

    private static WebhookSender Sender(bool allowPrivateAddresses) => new(TimeProvider.System, Options.Create(new WebhookOptions
    {
        AllowPrivateAddresses = allowPrivateAddresses,
        AttemptTimeout = TimeSpan.FromSeconds(5),
        InProcessRetries = 2,
        InProcessRetryDelay = TimeSpan.FromMilliseconds(20),
        InProcessRetryMaxDelay = TimeSpan.FromMilliseconds(50),
    }));

    private static ClaimedDelivery Delivery(Hook hook, string host)
    {
        var secret = WebhookSigner.NewSecret();
        hook.Secrets.Add(secret);
        var url = new UriBuilder(hook.Url) { Host = host }.Uri.ToString();
        return new ClaimedDelivery(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), url, [secret],
            """{"type":"payment.completed"}"""u8.ToArray(), Attempts: 0, AttemptsAtReplay: 0);
    }
}
