using Microsoft.Extensions.Options;

namespace Jade.Ledger.Transfers;

public sealed class HoldSweeperOptions
{
    /// <summary>How often expired holds are looked for. The promise: released within 2 s of expiry.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(500);
    public int BatchSize { get; set; } = 1000;
}

/// <summary>
/// Releases holds whose timeout has passed even when no later batch touches their accounts, so balances read through
/// the API show the released amount promptly. Correctness never depends on it: the write path refuses to post an
/// expired hold and releases expired holds on the accounts it locks before judging limits.
/// </summary>
internal sealed class ExpiredHoldSweeper(LedgerStore store, IOptions<HoldSweeperOptions> options, ILogger<ExpiredHoldSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                int released;
                do
                {
                    released = await store.ReleaseExpiredHoldsAsync(options.Value.BatchSize, stoppingToken);
                    if (released > 0) logger.LogInformation("Released {Count} expired holds.", released);
                }
                while (released == options.Value.BatchSize);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be briefly unreachable; the next tick tries again.
                logger.LogWarning(e, "Releasing expired holds failed.");
            }
        }
    }
}
