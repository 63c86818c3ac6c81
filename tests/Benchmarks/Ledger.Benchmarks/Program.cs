using Jade.Ledger.Benchmarks.Running;

namespace Jade.Ledger.Benchmarks;

/// <summary>
/// The ledger benchmark of the ledger issue: Jade against two raw-SQL baselines, four workloads, one invocation.
/// Run it with deploy/bench.sh (starts the local PostgreSQL and RabbitMQ first); see tests/Benchmarks/README.md.
/// An explicit Main rather than top-level statements: those would declare a second global <c>Program</c>, clashing
/// with the ledger's, which hosts the service.
/// </summary>
internal static class BenchmarkMain
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        // WebApplicationFactory finds the service's content root via MvcTestingAppManifest.json in the current
        // directory; `dotnet run` leaves that at the repository root, a test runner at the binaries.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // Let the run unwind, so the benchmark database and vhost are still dropped.
            e.Cancel = true;
            cancel.Cancel();
        };

        var report = await new BenchmarkRun(options).RunAsync(cancel.Token);
        Console.WriteLine(report.ToMarkdown());
        return 0;
    }
}
