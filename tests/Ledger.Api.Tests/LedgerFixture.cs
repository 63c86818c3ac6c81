using System.Text.Json;

namespace Jade.Ledger.Api.Tests;

/// <summary>
/// One ledger service per test class, with a service client that may write and read any account. When the class is
/// done, the operator check runs over everything its tests did and must pass: every integration test doubles as a
/// test of the ledger's invariants.
/// </summary>
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
        if (App is null) return;
        try
        {
            // Classes that tamper with the ledger restore it before they finish.
            var report = await App.VerifyLedgerAsync();
            Assert.That(report.Ok, Is.True,
                () => $"The ledger does not verify after {GetType().Name}: {JsonSerializer.Serialize(report.Discrepancies)}");
        }
        finally
        {
            Service?.Dispose();
            await App.DisposeAsync();
        }
    }
}
