namespace Jade.BuildingBlocks.Tests;

/// <summary>A fresh <see cref="PingService"/> (its own database and vhost) for every test, so none shares state.</summary>
public abstract class PingServiceTest
{
    private protected PingService Service { get; private set; } = null!;

    [SetUp]
    public async Task StartAsync() => Service = await PingService.StartAsync();

    [TearDown]
    public async Task StopAsync() => await Service.DisposeAsync();
}
