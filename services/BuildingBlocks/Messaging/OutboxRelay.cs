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
/// Publishes committed outbox rows, in order within each correlation id; rows without one are unordered. Rounds of
/// several replicas take turns (a transaction-level advisory lock per outbox table), so a correlation's rows go out in
/// order whichever replica sends them; a row is marked sent only after the broker accepted it (at-least-once). While the
/// broker is down the relay backs off exponentially and keeps the rows. A row that fails on its own (the broker took
/// others, or the relay cannot read it) is held: retried on its own backoff and, until then, left out of the claim
/// together with the rest of its correlation, so it delays nothing else.
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
    private readonly Dictionary<Guid, HeldRow> _held = [];

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
        var claimedAt = time.GetUtcNow();
        var waiting = _held.Where(h => h.Value.RetryAt > claimedAt).ToArray();
        // A held row's correlation waits as a whole: its earlier rows are sent, its later ones must not overtake it.
        var claimSql = $"SELECT * FROM {table} WHERE sent_at IS NULL AND id <> ALL({{0}}) " +
            $"AND (correlation_id IS NULL OR correlation_id <> ALL({{1}})) ORDER BY id LIMIT {settings.BatchSize} FOR UPDATE SKIP LOCKED";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One round at a time across replicas. SKIP LOCKED alone would let a second replica claim a correlation's later
        // rows while the first still publishes (or has failed to publish) its earlier ones, and send them ahead. The row
        // locks stay: during a rolling deploy a replica of the previous version takes no turn.
        var roundLock = $"outbox_relay/{table}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({roundLock}))", ct);
        var batch = await db.Set<OutboxMessage>()
            .FromSqlRaw(claimSql, waiting.Select(h => h.Key).ToArray(), waiting.Select(h => h.Value.CorrelationId).OfType<string>().Distinct().ToArray())
            .ToListAsync(ct);
        if (batch.Count < settings.BatchSize)
        {
            // A due held row that a claim with room left did not return was sent by another replica.
            foreach (var id in _held.Keys.Except(waiting.Select(h => h.Key)).Except(batch.Select(r => r.Id))) _held.Remove(id);
        }

        // Rows of one correlation (one saga, one conversation) go out in order; different ones go out side by side, so
        // the broker's confirmations overlap instead of queueing one publish behind the other. A row without a correlation
        // is a group of its own, so one that fails holds up nobody.
        var outcomes = await Task.WhenAll(batch.GroupBy(r => r.CorrelationId ?? (object)r.Id).Select(g => PublishInOrderAsync(g, settings, ct)));
        var sent = outcomes.SelectMany(o => o.Sent).ToArray();
        foreach (var id in sent) _held.Remove(id);
        Exception? brokerFailure = null;
        foreach (var (row, error, unreadable) in outcomes.Select(o => o.Failure).OfType<RowFailure>())
        {
            // With nothing accepted this round the broker is the likelier culprit: back off as a whole rather than hold
            // every row. A row already held keeps its own schedule, or a lone bad row would put the relay to sleep.
            if (sent.Length > 0 || unreadable || _held.ContainsKey(row.Id)) Hold(row, error, settings);
            else brokerFailure ??= error;
        }
        if (sent.Length > 0)
        {
            // One statement for the round instead of one per row.
            var sentAt = time.GetUtcNow();
            await db.Set<OutboxMessage>().Where(m => sent.Contains(m.Id)).ExecuteUpdateAsync(u => u.SetProperty(m => m.SentAt, sentAt), ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Published.Add(sent.Length);
        if (brokerFailure is not null) throw brokerFailure;
        if (outcomes.Any(o => o.Failure is not null)) Failures.Add(1);

        if (time.GetUtcNow() - _lastCleanup > TimeSpan.FromHours(1))
        {
            _lastCleanup = time.GetUtcNow();
            var cleanupSql = $"DELETE FROM {table} WHERE sent_at < {{0}}";
            await db.Database.ExecuteSqlRawAsync(cleanupSql, [time.GetUtcNow() - settings.Retention], ct);
        }
        return batch.Count;
    }

    private void Hold(OutboxMessage row, Exception error, OutboxOptions settings)
    {
        var failures = (_held.TryGetValue(row.Id, out var held) ? held.Failures : 0) + 1;
        var backoff = OutboxRelayBackoff.After(failures, settings.MaxBackoff);
        _held[row.Id] = new HeldRow(failures, time.GetUtcNow() + backoff, row.CorrelationId);
        // Once per attempt, and attempts are spaced by the row's backoff: at most one line per row every MaxBackoff.
        logger.LogError(error, "Outbox message {MessageId} of type {MessageType} (correlation {CorrelationId}) failed {Failures} time(s) in a row; retrying it in {Backoff}",
            row.Id, row.Type, row.CorrelationId, failures, backoff);
    }

    /// <summary>Publishes the rows in order and stops at the first failure, which it records on the row and returns.</summary>
    private async Task<(List<Guid> Sent, RowFailure? Failure)> PublishInOrderAsync(IEnumerable<OutboxMessage> rows, OutboxOptions settings, CancellationToken ct)
    {
        var sent = new List<Guid>();
        foreach (var row in rows)
        {
            var unreadable = true;
            try
            {
                var type = MessageTypeName.Resolve(row.Type);
                var message = JsonSerializer.Deserialize(row.Payload, type, JsonSerializerOptions.Web)!;
                unreadable = false;
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
                return (sent, new RowFailure(row, ex, unreadable));
            }
        }
        return (sent, null);
    }

    /// <param name="Unreadable">The relay could not resolve or deserialize the row: its fault whatever the broker does.</param>
    private sealed record RowFailure(OutboxMessage Row, Exception Error, bool Unreadable);

    private sealed record HeldRow(int Failures, DateTimeOffset RetryAt, string? CorrelationId);
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
