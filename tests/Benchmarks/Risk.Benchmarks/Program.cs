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
    public static Task<int> Main(string[] args) => BenchmarkProgram.RunAsync(args, RiskBenchOptions.Usage, RiskBenchOptions.Parse, async (options, ct) =>
    {
        var report = await new RiskBenchmarkRun(options).RunAsync(ct);
        return (report.ToMarkdown(), report.Failures.Count == 0);
    });
}
