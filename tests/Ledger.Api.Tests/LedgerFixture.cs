namespace Jade.Ledger.Api.Tests;

/// <summary>One ledger service per test class, with a service client that may write and read any account.</summary>
public abstract class LedgerFixture
{
    protected LedgerApp App { get; private set; } = null!;
    protected HttpClient Service { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartLedgerAsync()
    {
        App = await LedgerApp.StartAsync();
        Service = App.ServiceClient();
    }

    [OneTimeTearDown]
    public async Task StopLedgerAsync()
    {
        Service.Dispose();
        await App.DisposeAsync();
    }
}
