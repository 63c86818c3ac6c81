using System.Diagnostics.Metrics;

namespace Jade.Ledger.Verification;

/// <summary>
/// The outcome of every verifier run (scheduled, staff endpoint or command) as metrics an alert can fire on:
/// <c>jade_ledger_verification_runs_total{outcome=ok|discrepancies|error}</c> (each outcome served from 0),
/// <c>jade_ledger_verification_discrepancies</c> (the last completed run's count) and
/// <c>jade_ledger_verification_last_success_time_seconds</c> (the snapshot instant of the last run that verified,
/// Unix seconds). The last two appear once there is something to report.
/// </summary>
public sealed class VerificationMetrics
{
    private long _ok;
    private long _discrepancies;
    private long _errors;
    private readonly Lock _recording = new();
    // One reference, swapped whole, so a scrape never reads half of an update.
    private LastRuns? _last;

    public VerificationMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("Jade.Ledger");
        meter.CreateObservableCounter("jade.ledger.verification.runs", () => new[]
        {
            Outcome(Interlocked.Read(ref _ok), "ok"),
            Outcome(Interlocked.Read(ref _discrepancies), "discrepancies"),
            Outcome(Interlocked.Read(ref _errors), "error"),
        }, description: "Ledger verifier runs by outcome: ok, discrepancies found, or the check itself failed");
        meter.CreateObservableGauge("jade.ledger.verification.discrepancies",
            () => Volatile.Read(ref _last) is { } last ? [new Measurement<long>(last.Discrepancies)] : Array.Empty<Measurement<long>>(),
            description: "Discrepancies the last completed verifier run found");
        meter.CreateObservableGauge("jade.ledger.verification.last_success_time",
            () => Volatile.Read(ref _last)?.Success is { } at ? [new Measurement<double>(at.ToUnixTimeMilliseconds() / 1000d)] : Array.Empty<Measurement<double>>(),
            unit: "s", description: "Snapshot instant of the last verifier run that found the ledger consistent (Unix time)");
    }

    public void Record(VerificationReport report)
    {
        Interlocked.Increment(ref report.Ok ? ref _ok : ref _discrepancies);
        lock (_recording)
        {
            Volatile.Write(ref _last, new LastRuns(report.DiscrepancyCount, report.Ok ? report.CheckedAt : _last?.Success));
        }
    }

    public void RecordError() => Interlocked.Increment(ref _errors);

    private sealed record LastRuns(long Discrepancies, DateTimeOffset? Success);

    private static Measurement<long> Outcome(long count, string outcome) => new(count, new KeyValuePair<string, object?>("outcome", outcome));
}
