using System.Diagnostics.Metrics;
using Jade.Identity.Users;
using Microsoft.EntityFrameworkCore;

namespace Jade.Identity.Support;

/// <summary>
/// The four-eyes queue as gauges: <c>jade_identity_support_reset_requests_pending</c> and
/// <c>jade_identity_support_reset_requests_oldest_pending_age_seconds</c> (0 when none waits). A request nobody approves
/// expires after a day, and the customer who called stays locked out of their account meanwhile, so operators are
/// alerted while it can still be decided. The age is computed at scrape time from the sampled instant.
/// </summary>
public sealed class ResetRequestMetrics
{
    private readonly TimeProvider _time;
    private (long Count, DateTimeOffset? Oldest) _sample;

    public ResetRequestMetrics(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        var meter = meters.Create("Jade.Identity.Support");
        meter.CreateObservableGauge("jade.identity.support.reset_requests.pending", () => _sample.Count,
            description: "Support requests to reset a customer's two-step verification waiting for a second agent");
        meter.CreateObservableGauge("jade.identity.support.reset_requests.oldest_pending_age",
            () => _sample.Oldest is { } oldest ? Math.Max(0, (_time.GetUtcNow() - oldest).TotalSeconds) : 0,
            unit: "s", description: "Age of the oldest of them; 0 when none waits");
    }

    internal void Record(long count, DateTimeOffset? oldest) => _sample = (count, oldest);
}

/// <summary>
/// Samples the open requests every <c>Identity:Support:MetricsSampleInterval</c> (30 s); the partial unique index holds
/// only pending rows, so this reads little.
/// </summary>
internal sealed class ResetRequestMetricsSampler(
    IServiceScopeFactory scopes, ResetRequestMetrics metrics, IConfiguration configuration, TimeProvider time, ILogger<ResetRequestMetricsSampler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(configuration.GetValue("Identity:Support:MetricsSampleInterval", TimeSpan.FromSeconds(30)), time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var now = time.GetUtcNow();
                var open = await scope.ServiceProvider.GetRequiredService<IdentityDb>().Set<SupportResetRequest>()
                    .OpenAt(now)
                    .GroupBy(_ => 1)
                    .Select(g => new { Count = g.LongCount(), Oldest = g.Min(r => r.RequestedAt) })
                    .SingleOrDefaultAsync(stoppingToken);
                metrics.Record(open?.Count ?? 0, open?.Oldest);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Sampling the open support reset requests failed; their gauges keep the last sample");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
