using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jade.Payments.Sagas;

/// <summary>
/// Live sagas as gauges by <c>kind</c> and <c>status</c>, for the stuck-saga alerts: <c>jade_payments_saga_open</c>,
/// <c>jade_payments_saga_oldest_open_age_seconds</c> (since the oldest of them was created) and
/// <c>jade_payments_saga_deadline_overdue_seconds</c> (how long ago the earliest of their deadlines passed, 0 if none
/// has: the sweeper acts within a second, so a growing value means nothing is acting). Ages are computed at scrape time
/// from the sampled instants, so they keep growing while sampling fails; a kind and status with no live saga has no series.
/// </summary>
public sealed class SagaMetrics
{
    private readonly TimeProvider _time;
    private IReadOnlyList<LiveSagas> _sample = [];

    public SagaMetrics(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        var meter = meters.Create("Jade.Payments");
        meter.CreateObservableGauge("jade.payments.saga.open", () => Observe(s => s.Count),
            description: "Payment orders whose saga is still running");
        meter.CreateObservableGauge("jade.payments.saga.oldest_open_age", () => Observe(s => SecondsSince(s.OldestCreatedAt)),
            unit: "s", description: "Age of the oldest payment order whose saga is still running");
        meter.CreateObservableGauge("jade.payments.saga.deadline_overdue", () => Observe(s => SecondsSince(s.EarliestDeadline)),
            unit: "s", description: "How long ago the earliest deadline of a running saga passed; 0 when none has");
    }

    internal void Record(IReadOnlyList<LiveSagas> sample) => Volatile.Write(ref _sample, sample);

    private IEnumerable<Measurement<T>> Observe<T>(Func<LiveSagas, T> value) where T : struct =>
        Volatile.Read(ref _sample).Select(s => new Measurement<T>(value(s),
            new KeyValuePair<string, object?>("kind", s.Kind), new KeyValuePair<string, object?>("status", s.Status)));

    private double SecondsSince(DateTimeOffset instant) => Math.Max(0, (_time.GetUtcNow() - instant).TotalSeconds);
}

internal sealed record LiveSagas(string Kind, string Status, long Count, DateTimeOffset OldestCreatedAt, DateTimeOffset EarliestDeadline);

/// <summary>
/// Samples the live sagas for <see cref="SagaMetrics"/> every <see cref="SagaOptions.MetricsSampleInterval"/>. A saga
/// is live while it has a deadline — every step sets one and only completing or failing clears it — so the query reads
/// the sweeper's partial index on live deadlines, never the whole history of orders.
/// </summary>
internal sealed class SagaMetricsSampler(
    IServiceScopeFactory scopes, SagaMetrics metrics, IOptions<SagaOptions> options, TimeProvider time, ILogger<SagaMetricsSampler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MetricsSampleInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var live = await scope.ServiceProvider.GetRequiredService<PaymentsDb>().PaymentOrders
                    .Where(o => o.Deadline != null)
                    .GroupBy(o => new { o.Kind, o.Status })
                    .Select(g => new LiveSagas(g.Key.Kind, g.Key.Status, g.LongCount(), g.Min(o => o.CreatedAt), g.Min(o => o.Deadline!.Value)))
                    .ToListAsync(stoppingToken);
                metrics.Record(live);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Sampling the live sagas failed; their gauges keep the last sample");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
