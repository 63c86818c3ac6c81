using Jade.Risk.Benchmarks.Running;

namespace Jade.Risk.Benchmarks;

/// <summary>
/// The risk service's benchmark: screening at a fixed arrival rate and in a closed loop (over HTTP, each answer
/// durable), the sanctions matcher against a brute-force scan, and the cold start of a service process; one invocation.
/// Run it with <c>deploy/bench.sh risk</c> (starts the local PostgreSQL and RabbitMQ first); see tests/Benchmarks/Risk.Benchmarks/README.md.
/// An explicit Main rather than top-level statements: those would declare a second global <c>Program</c>, clashing
/// with the risk service's, which hosts the service.
/// </summary>
internal static class BenchmarkMain
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(RiskBenchOptions.Usage);
            return 0;
        }

        RiskBenchOptions options;
        try
        {
            options = RiskBenchOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        // WebApplicationFactory finds the service's content root via MvcTestingAppManifest.json in the current
        // directory; `dotnet run` leaves that at the repository root.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // Let the run unwind, so the benchmark databases, vhosts and child processes are cleaned up.
            e.Cancel = true;
            cancel.Cancel();
        };

        var report = await new RiskBenchmarkRun(options).RunAsync(cancel.Token);
        Console.WriteLine(report.ToMarkdown());
        return report.Failures.Count == 0 ? 0 : 1;
    }
}
