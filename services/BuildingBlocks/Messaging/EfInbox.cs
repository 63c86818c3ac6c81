using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jade.Messaging;

public sealed class InboxOptions
{
    /// <summary>
    /// Deliveries applied in one transaction at most. A batch costs a handful of round trips whatever its size, and on a
    /// busy machine each round trip waits for a turn on the cores, so larger batches are what lets a consumer keep up:
    /// at 150 transfers/s payments' saga replies went from 32 per ~125 ms batch (a 5,000-message backlog) to 128.
    /// </summary>
    public int MaxBatch { get; set; } = 128;

    /// <summary>
    /// Transactions in flight at once. One: a batch takes everything that arrived while the previous one ran, so under
    /// load a commit (and the statements a handler batches) is shared by many deliveries, and batches never wait for
    /// each other's row locks.
    /// </summary>
    public int MaxConcurrentBatches { get; set; } = 1;

    /// <summary>
    /// Save the unit of work once, after the batch's last handler, instead of after each one (one round trip for the
    /// whole batch). Only for a service whose handlers read nothing with SQL that an earlier handler of the batch may
    /// have changed in the change tracker: they must find their rows through tracking queries, which return the tracked
    /// (changed) instance.
    /// </summary>
    public bool SaveOncePerBatch { get; set; }
}

/// <summary>
/// Runs a handler at most once per message id and consumer: the processed-message row and the handler's effect
/// commit in one transaction. Deliveries that arrive while a transaction is open queue and then share the next one
/// ("group commit"): their processed-message rows go in with one statement, the handlers run one after another on one
/// unit of work, each saving before the next starts, and one commit ends them all. If any of them fails, the batch
/// rolls back and each delivery runs again in a transaction of its own, so a failing message fails alone and its
/// neighbours' effects are exactly as if they had never met it. A concurrent duplicate blocks on the primary key
/// until the first commits, then skips.
/// </summary>
public sealed class MessageDispatcher(IServiceScopeFactory scopes, TimeProvider time, IOptions<InboxOptions> options, ILogger<MessageDispatcher> logger)
{
    private readonly Lock _gate = new();
    private readonly Queue<Delivery> _queue = new();
    private int _inFlight;

    /// <returns>False when this consumer had already processed the message.</returns>
    public Task<bool> DispatchAsync<TMessage, THandler>(TMessage message, MessageContext context, CancellationToken ct)
        where TMessage : class
        where THandler : IMessageHandler<TMessage>
    {
        // Once queued, a delivery is applied even if its caller stops waiting: the outcome is the same on a redelivery.
        var delivery = new Delivery(message, context, typeof(THandler).Name,
            services => services.GetRequiredService<THandler>().HandleAsync(message, context, CancellationToken.None));
        bool startDrain;
        lock (_gate)
        {
            _queue.Enqueue(delivery);
            startDrain = _inFlight < options.Value.MaxConcurrentBatches;
            if (startDrain) _inFlight++;
        }
        if (startDrain) _ = Task.Run(DrainAsync, CancellationToken.None);
        return delivery.Completion.Task;
    }

    private async Task DrainAsync()
    {
        while (TakeBatch() is { Count: > 0 } batch)
        {
            try
            {
                Complete(batch, await ApplyAsync(batch));
            }
            catch (Exception e) when (batch.Count > 1)
            {
                logger.LogDebug(e, "A batch of {Count} deliveries failed; applying each on its own", batch.Count);
                foreach (var delivery in batch)
                {
                    await ApplyAloneAsync(delivery);
                }
            }
            catch (Exception e)
            {
                batch[0].Completion.TrySetException(e);
            }
        }
    }

    private async Task ApplyAloneAsync(Delivery delivery)
    {
        try
        {
            Complete([delivery], await ApplyAsync([delivery]));
        }
        catch (Exception e)
        {
            delivery.Completion.TrySetException(e);
        }
    }

    private static void Complete(IReadOnlyList<Delivery> batch, bool[] handled)
    {
        for (var i = 0; i < batch.Count; i++) batch[i].Completion.TrySetResult(handled[i]);
    }

    private async Task<bool[]> ApplyAsync(IReadOnlyList<Delivery> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InboxDbContextAccessor>().Context;
        // A failed save fails the whole batch, so EF's savepoint around each save (two round trips) protects nothing.
        db.Database.AutoSavepointsEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync();
        var fresh = await RecordAsync(db, tx.GetDbTransaction(), batch);
        var participants = scope.ServiceProvider.GetServices<IInboxBatchParticipant>().ToList();
        var handling = batch.Where(d => fresh.Contains(d.Key)).Select(d => d.Message).ToList();
        foreach (var participant in participants)
        {
            await participant.BeforeHandlersAsync(handling, CancellationToken.None);
        }
        var saveEach = !options.Value.SaveOncePerBatch;
        var handled = new bool[batch.Count];
        // Ordered by correlation, so two batches that lock one conversation's rows (a saga's order) lock them in the same
        // order; the sort is stable, so one conversation's messages keep their arrival order.
        foreach (var i in Enumerable.Range(0, batch.Count).OrderBy(i => batch[i].Context.CorrelationId, StringComparer.Ordinal))
        {
            if (!fresh.Remove(batch[i].Key)) continue;
            await batch[i].Handle(scope.ServiceProvider);
            if (saveEach) await db.SaveChangesAsync();
            handled[i] = true;
        }
        foreach (var participant in participants)
        {
            await participant.BeforeCommitAsync(CancellationToken.None);
        }
        await db.SaveChangesAsync();
        if (handled.Contains(true)) await tx.CommitAsync();
        else await tx.RollbackAsync();
        return handled;
    }

    /// <summary>Inserts the batch's processed-message rows; returns the keys that were new.</summary>
    private async Task<HashSet<(Guid, string)>> RecordAsync(DbContext db, DbTransaction tx, IReadOnlyList<Delivery> batch)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"""
            INSERT INTO {db.QualifiedTableOf<InboxMessage>()} (message_id, consumer, processed_at)
            SELECT id, consumer, @now FROM unnest(@ids, @consumers) AS d(id, consumer)
            ON CONFLICT DO NOTHING
            RETURNING message_id, consumer
            """;
        AddParameter(command, "now", time.GetUtcNow());
        AddParameter(command, "ids", batch.Select(d => d.Context.MessageId).ToArray());
        AddParameter(command, "consumers", batch.Select(d => d.Consumer).ToArray());
        var fresh = new HashSet<(Guid, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) fresh.Add((reader.GetGuid(0), reader.GetString(1)));
        return fresh;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private List<Delivery> TakeBatch()
    {
        lock (_gate)
        {
            var batch = new List<Delivery>();
            while (batch.Count < options.Value.MaxBatch && _queue.TryDequeue(out var next)) batch.Add(next);
            if (batch.Count == 0) _inFlight--;
            return batch;
        }
    }

    private sealed record Delivery(object Message, MessageContext Context, string Consumer, Func<IServiceProvider, Task> Handle)
    {
        public (Guid, string) Key => (Context.MessageId, Consumer);

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>
/// A scoped service that sees a whole batch: before its handlers run (payments locks every order the batch names in one
/// statement) and just before it commits (the ledger posts the batch's saga commands as one ledger batch). Runs in the
/// batch's transaction; throwing fails the batch, which then runs each delivery on its own.
/// </summary>
public interface IInboxBatchParticipant
{
    /// <param name="messages">The batch's messages not processed before, in arrival order.</param>
    Task BeforeHandlersAsync(IReadOnlyList<object> messages, CancellationToken cancellationToken) => Task.CompletedTask;

    Task BeforeCommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Lets the dispatcher reach the consuming service's DbContext without knowing its type.</summary>
public sealed class InboxDbContextAccessor(DbContext context)
{
    public DbContext Context { get; } = context;
}
