using System.Text.Json;
using Jade.Persistence;

namespace Jade.Ledger.Verification;

/// <summary>
/// <c>--verify</c>: runs the operator check once, prints the report as JSON to stdout and exits 0 when the ledger
/// verifies, 1 when it does not, so a scheduled Job or a script can alert on the exit code alone.
/// </summary>
internal sealed class VerifyCommand(LedgerVerifier verifier) : IServiceCommand
{
    public const int Discrepancies = 1;

    private static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Name => "--verify";

    public Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        RunAsync(Console.Out, cancellationToken);

    public async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var report = await verifier.VerifyAsync(cancellationToken);
        await output.WriteLineAsync(JsonSerializer.Serialize(report, Output));
        await output.FlushAsync(cancellationToken);
        return report.Ok ? 0 : Discrepancies;
    }
}
