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
    public static Task<int> Main(string[] args) => BenchmarkProgram.RunAsync(args, BenchOptions.Usage, BenchOptions.Parse, async (options, ct) =>
        ((await new BenchmarkRun(options).RunAsync(ct)).ToMarkdown(), true));
}
