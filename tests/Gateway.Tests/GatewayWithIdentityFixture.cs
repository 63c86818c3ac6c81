using Jade.Testing;

namespace Jade.Gateway.Tests;

/// <summary>
/// The real gateway pointed at a <see cref="FakeIdentity"/> for discovery, keys and tokens; one pair per test class.
/// </summary>
/// <param name="publishKeys">Whether the fake publishes <see cref="IdentityKeys"/>, so tokens they sign validate.</param>
public abstract class GatewayWithIdentityFixture(bool publishKeys = false)
{
    protected TestTokens IdentityKeys { get; } = new();

    protected FakeIdentity Identity { get; private set; } = null!;

    protected GatewayHost Host { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartGatewayAndIdentityAsync()
    {
        Identity = await FakeIdentity.StartAsync(publishKeys ? IdentityKeys : null);
        Host = await GatewayHost.StartAsync(Identity.MetadataAddress);
    }

    [OneTimeTearDown]
    public async Task StopGatewayAndIdentityAsync()
    {
        await Host.DisposeAsync();
        await Identity.DisposeAsync();
    }
}
