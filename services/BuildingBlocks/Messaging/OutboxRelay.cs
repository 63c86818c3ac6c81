using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jade.Messaging;

public sealed class OutboxOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>
    /// Rows claimed per round. Large, because a round waits for its slowest broker confirmation: at 150 payments a
    /// second, rounds of 50 left thousands of rows waiting.
    /// </summary>
    public int BatchSize { get; set; } = 500;
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the backlog gauges (<see cref="OutboxBacklogGauges"/>) are refreshed from the table.</summary>
    public TimeSpan BacklogSampleInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Publishes committed outbox rows, in order within each correlation id. Rounds of several replicas take turns (a
/// transaction-level advisory lock per outbox table), so a correlation's rows go out in order whichever replica sends
/// them; a row is marked sent only after the broker accepted it (at-least-once). While the broker is down the relay
/// backs off exponentially and keeps the rows.
/// </summary>
internal sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IMessageTransport transport,
    OutboxSignal signal,
    TimeProvider time,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService where TContext : DbContext
{
    private static readonly Meter Meter = new("Jade.Messaging");
    private static readonly Counter<long> Published = Meter.CreateCounter<long>("jade.outbox.published");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("jade.outbox.publish_failures");

    private DateTimeOffset _lastCleanup = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            int relayed;
            try
            {
                relayed = await RelayBatchAsync(settings, stoppingToken);
                failures = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                failures++;
                Failures.Add(1);
                var backoff = OutboxRelayBackoff.After(failures, settings.MaxBackoff);
                logger.LogWarning(ex, "Outbox relay failed (attempt {Attempt}); retrying in {Backoff}", failures, backoff);
                await Task.Delay(backoff, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }

            if (relayed < settings.BatchSize)
            {
                await signal.PauseAsync(settings.PollInterval, stoppingToken);
            }
        }
    }

    private async Task<int> RelayBatchAsync(OutboxOptions settings, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var table = db.QualifiedTableOf<OutboxMessage>();
        db.Database.AutoSavepointsEnabled = false;
        var claimSql = $"SELECT * FROM {table} WHERE sent_at IS NULL ORDER BY id LIMIT {settings.BatchSize} FOR UPDATE SKIP LOCKED";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One round at a time across replicas. SKIP LOCKED alone would let a second replica claim a correlation's later
        // rows while the first still publishes (or has failed to publish) its earlier ones, and send them ahead. The row
        // locks stay: during a rolling deploy a replica of the previous version takes no turn.
        var roundLock = $"outbox_relay/{table}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({roundLock}))", ct);
        var batch = await db.Set<OutboxMessage>()
            .FromSqlRaw(claimSql)
            .ToListAsync(ct);

        // Rows of one correlation (one saga, one conversation) go out in order; different ones go out side by side, so
        // the broker's confirmations overlap instead of queueing one publish behind the other.
        var outcomes = await Task.WhenAll(batch.GroupBy(r => r.CorrelationId ?? "").Select(g => PublishInOrderAsync(g, settings, ct)));
        var sent = outcomes.SelectMany(o => o.Sent).ToArray();
        if (sent.Length > 0)
        {
            // One statement for the round instead of one per row.
            var sentAt = time.GetUtcNow();
            await db.Set<OutboxMessage>().Where(m => sent.Contains(m.Id)).ExecuteUpdateAsync(u => u.SetProperty(m => m.SentAt, sentAt), ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Published.Add(sent.Length);
        if (outcomes.FirstOrDefault(o => o.Failure is not null).Failure is { } failure) throw failure;

        if (time.GetUtcNow() - _lastCleanup > TimeSpan.FromHours(1))
        {
            _lastCleanup = time.GetUtcNow();
            var cleanupSql = $"DELETE FROM {table} WHERE sent_at < {{0}}";
            await db.Database.ExecuteSqlRawAsync(cleanupSql, [time.GetUtcNow() - settings.Retention], ct);
        }
        return batch.Count;
    }

    /// <summary>Publishes the rows in order and stops at the first failure, which it records on the row and returns.</summary>
    private async Task<(List<Guid> Sent, Exception? Failure)> PublishInOrderAsync(IEnumerable<OutboxMessage> rows, OutboxOptions settings, CancellationToken ct)
    {
        var sent = new List<Guid>();
        foreach (var row in rows)
        {
            try
            {
                var type = MessageTypeName.Resolve(row.Type);
                var message = JsonSerializer.Deserialize(row.Payload, type, JsonSerializerOptions.Web)!;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(settings.PublishTimeout);
                await transport.PublishAsync(new OutgoingMessage(row.Id, type, message, row.CorrelationId), timeout.Token);
                sent.Add(row.Id);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // Later rows of this correlation wait for this one. Record why, so an operator can see a stuck row.
                row.Attempts++;
                row.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
                return (sent, ex);
            }
        }
        return (sent, null);
    }
}

public static class OutboxRelayBackoff
{
    /// <summary>Half a second after the first failure, doubling per consecutive failure, capped at <paramref name="max"/>.</summary>
    public static TimeSpan After(int consecutiveFailures, TimeSpan max)
    {
        var seconds = Math.Min(max.TotalSeconds, Math.Pow(2, Math.Min(consecutiveFailures, 16) - 1) * 0.5);
        return TimeSpan.FromSeconds(seconds);
    }
}
