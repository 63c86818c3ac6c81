using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Jade.Ledger.Verification;

public sealed class VerificationScheduleOptions
{
    /// <summary>Runs the verifier in the service on a timer, so its metrics say how the books stood a moment ago.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Each run scans the whole ledger in one snapshot: seconds on millions of transfers, so hourly by default.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The first run waits this long after start, so a restart's migrations and warm-up go first.</summary>
    public TimeSpan FirstRunAfter { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Verifies the ledger every <see cref="VerificationScheduleOptions.Interval"/> (settings <c>Ledger:Verification:*</c>).
/// The outcome goes to the verifier's metrics, which the alerts read, and to the log with the first findings. Every
/// replica runs its own schedule: the check only reads, in a snapshot that never blocks writers.
/// </summary>
internal sealed class ScheduledVerification(
    LedgerVerifier verifier, IOptions<VerificationScheduleOptions> options, TimeProvider time, ILogger<ScheduledVerification> logger)
    : BackgroundService
{
    private const int FindingsLogged = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = options.Value;
        if (!schedule.Enabled)
        {
            logger.LogInformation("Scheduled ledger verification is off (Ledger:Verification:Enabled)");
            return;
        }
        await Task.Delay(schedule.FirstRunAfter, time, stoppingToken);
        using var timer = new PeriodicTimer(schedule.Interval, time);
        do
        {
            await VerifyOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task VerifyOnceAsync(CancellationToken ct)
    {
        try
        {
            var report = await verifier.VerifyAsync(ct);
            if (report.Ok)
            {
                logger.LogInformation("The ledger verifies: {Accounts} accounts, {Transfers} transfers in {DurationMs} ms",
                    report.Accounts, report.Transfers, report.DurationMs);
            }
            else
            {
                logger.LogError("The ledger does not verify: {Count} discrepancies as of {CheckedAt}; the first: {Findings}",
                    report.DiscrepancyCount, report.CheckedAt, JsonSerializer.Serialize(report.Discrepancies.Take(FindingsLogged), JsonSerializerOptions.Web));
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Counted as an error run; the next tick tries again.
            logger.LogWarning(ex, "Scheduled ledger verification could not run");
        }
    }
}
