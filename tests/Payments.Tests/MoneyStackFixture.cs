using System.Text.Json;

namespace Jade.Payments.Tests;

/// <summary>
/// One <see cref="MoneyStack"/> per fixture, shared by its tests (each uses its own customers, so they never share a
/// wallet), and the ledger verifier run once they have all finished: no test may leave the books unbalanced.
/// </summary>
public abstract class MoneyStackFixture
{
    protected MoneyStack Stack { get; private set; } = null!;

    /// <summary>The payments settings the stack starts with.</summary>
    protected virtual IReadOnlyDictionary<string, string> PaymentSettings => MoneyStack.DefaultSettings;

    [OneTimeSetUp]
    public async Task StartStackAsync() => Stack = await MoneyStack.StartAsync(PaymentSettings);

    [OneTimeTearDown]
    public async Task StopStackAsync()
    {
        try
        {
            var report = await Stack.VerifyLedgerAsync();
            Assert.That(report.Ok, Is.True, () => $"The ledger does not verify: {JsonSerializer.Serialize(report.Discrepancies)}");
        }
        finally
        {
            await Stack.DisposeAsync();
        }
    }
}
