using Jade.Benchmarks;

namespace Jade.Payments.Benchmarks;

/// <summary>
/// Completed P2P transfers per second through the whole saga (payments → risk and ledger over RabbitMQ → payments),
/// and the same transfers posted straight to the ledger's API as the baseline; one invocation. Run it with
/// <c>deploy/bench.sh payments</c>. An explicit Main: top-level statements would declare a second global <c>Program</c>.
/// </summary>
internal static class BenchmarkMain
{
    public static Task<int> Main(string[] args)
    {
        // Every in-process host reads these: what the services still log goes to stderr, so stdout carries only the report.
        Environment.SetEnvironmentVariable("Logging__Console__LogToStandardErrorThreshold", "Trace");
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        return BenchmarkProgram.RunAsync(args, PaymentsBenchOptions.Usage, PaymentsBenchOptions.Parse,
            async (options, ct) => await new PaymentsBenchmarkRun(options).RunAsync(ct));
    }
}
