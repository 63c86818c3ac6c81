using System.Threading.Channels;
using Jade.Messaging;
using Npgsql;

namespace Jade.Risk.Decisions;

/// <summary>
/// Group commit for screening decisions. Concurrent callers queue their decision; one loop writes everything queued
/// in a single transaction and completes each caller only after the commit, so every answer a caller gets is
/// already durable while thousands of screenings per second share a few fsyncs.
/// </summary>
public sealed class DecisionWriter(NpgsqlDataSource dataSource, DecisionSql sql, OutboxSignal outboxSignal, ILogger<DecisionWriter> logger)
    : BackgroundService
{
    private const int MaxBatch = 512;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    private sealed record Pending(DecisionWrite Write, TaskCompletionSource<bool> Done);

    /// <returns>True when this write recorded the decision; false when the transaction id was decided before.</returns>
    public Task<bool> WriteAsync(DecisionWrite write)
    {
        var pending = new Pending(write, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.Done.SetException(new InvalidOperationException("The decision writer has stopped."));
        }
        return pending.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
            await WriteBatchAsync(batch);
            if (stoppingToken.IsCancellationRequested && !_queue.Reader.TryPeek(out _)) break;
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Requests already queued are written before the host stops; new ones are refused.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    private async Task WriteBatchAsync(List<Pending> batch)
    {
        // Two callers may race on one transaction id: the first is written, the second answers "decided before".
        var byTransaction = batch.GroupBy(p => p.Write.Decision.TransactionId).ToList();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await WriteAsync(connection, byTransaction);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Writing {Count} screening decisions failed", batch.Count);
            foreach (var pending in batch) pending.Done.TrySetException(ex);
        }
    }

    private async Task WriteAsync(NpgsqlConnection connection, IReadOnlyList<IGrouping<Guid, Pending>> writes)
    {
        try
        {
            // One statement, committed on its own: a single round trip per batch.
            var inserted = await sql.WriteAsync(connection, null, [.. writes.Select(w => w.First().Write)], CancellationToken.None);
            if (writes.Any(w => w.First().Write.Outbox.Count > 0)) outboxSignal.Notify();
            foreach (var w in writes)
            {
                foreach (var (i, pending) in w.Index()) pending.Done.TrySetResult(i == 0 && inserted.Contains(w.Key));
            }
        }
        catch (PostgresException ex) when (ex.SqlState[..2] is "22" or "23")
        {
            // Data PostgreSQL refuses in one row fails the whole statement: written one by one, only that row's callers
            // fail, instead of every screening queued with it for as long as they retry. A lost connection still fails all.
            if (writes.Count > 1)
            {
                foreach (var w in writes) await WriteAsync(connection, [w]);
                return;
            }
            logger.LogError(ex, "PostgreSQL refused the screening decision of transaction {TransactionId}", writes[0].Key);
            foreach (var pending in writes[0]) pending.Done.TrySetException(ex);
        }
    }
}
