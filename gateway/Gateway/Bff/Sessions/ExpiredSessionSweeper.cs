using Microsoft.EntityFrameworkCore;

namespace Jade.Gateway.Bff.Sessions;

/// <summary>Deletes sessions nobody came back for; expired rows are already unusable, this only reclaims space.</summary>
internal sealed partial class ExpiredSessionSweeper(IServiceScopeFactory scopes, TimeProvider time, ILogger<ExpiredSessionSweeper> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<GatewayDb>();
                var now = time.GetUtcNow();
                var deleted = await db.Sessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(stoppingToken);
                LogSwept(logger, deleted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A database outage must not stop the gateway; the next tick tries again.
                LogSweepFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(LogLevel.Debug, "Deleted {Count} expired session(s)")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Deleting expired sessions failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
