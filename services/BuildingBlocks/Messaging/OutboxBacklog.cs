using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jade.Messaging;

/// <summary>
/// The outbox backlog as gauges, one series per outbox (tag <c>schema</c>): <c>jade_outbox_backlog</c> (unsent rows)
/// and <c>jade_outbox_oldest_unsent_age_seconds</c>. A scrape reads the latest sample and never touches the database.
/// The age is computed at scrape time from the sampled creation instant, so it keeps growing while sampling fails —
/// an outbox that cannot even be read still looks stuck, never healthy.
/// </summary>
internal static class OutboxBacklogGauges
{
    private static readonly Meter Meter = new("Jade.Messaging");
    private static readonly ConcurrentDictionary<string, OutboxBacklogSample> Samples = new();

    private static readonly ObservableGauge<long> Backlog = Meter.CreateObservableGauge(
        "jade.outbox.backlog", () => Samples.Select(s => new Measurement<long>(s.Value.Unsent, Tag(s.Key))),
        description: "Outbox rows not yet accepted by the broker");

    private static readonly ObservableGauge<double> OldestAge = Meter.CreateObservableGauge(
        "jade.outbox.oldest_unsent_age", () => Samples.Select(s => new Measurement<double>(s.Value.OldestAgeSeconds(), Tag(s.Key))),
        unit: "s", description: "Age of the oldest outbox row not yet accepted by the broker; 0 when none waits");

    internal static void Record(string schema, OutboxBacklogSample sample) => Samples[schema] = sample;

    /// <summary>Drops the series when its sampler stops, unless another sampler of the same schema has taken over.</summary>
    internal static void Forget(string schema, object owner)
    {
        if (Samples.TryGetValue(schema, out var sample) && sample.Owner == owner) Samples.TryRemove(new(schema, sample));
    }

    private static KeyValuePair<string, object?> Tag(string schema) => new("schema", schema);
}

internal sealed record OutboxBacklogSample(long Unsent, DateTimeOffset? OldestCreatedAt, TimeProvider Time, object Owner)
{
    public double OldestAgeSeconds() =>
        OldestCreatedAt is { } oldest ? Math.Max(0, (Time.GetUtcNow() - oldest).TotalSeconds) : 0;
}

/// <summary>Samples <typeparamref name="TContext"/>'s outbox for <see cref="OutboxBacklogGauges"/>; the partial index on unsent rows keeps it cheap.</summary>
internal sealed class OutboxBacklogSampler<TContext>(
    IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider time, ILogger<OutboxBacklogSampler<TContext>> logger)
    : BackgroundService where TContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? schema = null;
        try
        {
            using var timer = new PeriodicTimer(options.Value.BacklogSampleInterval, time);
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<TContext>();
                    schema ??= db.SchemaOf<OutboxMessage>();
                    var unsent = db.Set<OutboxMessage>().Where(m => m.SentAt == null);
                    var count = await unsent.LongCountAsync(stoppingToken);
                    var oldest = count == 0 ? null : await unsent.MinAsync(m => (DateTimeOffset?)m.CreatedAt, stoppingToken);
                    OutboxBacklogGauges.Record(schema, new OutboxBacklogSample(count, oldest, time, this));
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Sampling the outbox backlog failed; its gauges keep the last sample");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        finally
        {
            if (schema is not null) OutboxBacklogGauges.Forget(schema, this);
        }
    }
}
