using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Jade.Messaging;

internal sealed class EfOutbox<TContext>(TContext db, TimeProvider time, OutboxSignal signal) : IOutbox
    where TContext : DbContext
{
    private bool _wakesRelay;

    public Guid Add<TMessage>(TMessage message, string? correlationId = null) where TMessage : class
    {
        var row = OutboxMessage.For(message, time.GetUtcNow(), correlationId);
        db.Set<OutboxMessage>().Add(row);
        // Rows saved inside an explicit transaction are invisible to the relay until it commits: OutboxCommitSignal wakes
        // it then. A save that commits on its own wakes it here.
        OutboxCommitSignal.Expect(db);
        if (!_wakesRelay)
        {
            db.SavedChanges += (_, _) =>
            {
                if (db.Database.CurrentTransaction is null) signal.Notify();
            };
            _wakesRelay = true;
        }
        return row.Id;
    }

    public void AddedDirectly() => OutboxCommitSignal.Expect(db);
}

/// <summary>
/// Wakes the relay when a transaction that wrote outbox rows commits. Waking it at <c>SaveChanges</c> instead (inside the
/// inbox's transaction) sent it looking before the rows were visible, so they waited for the next poll: a poll interval
/// added to every saga step.
/// </summary>
internal sealed class OutboxCommitSignal(OutboxSignal signal) : DbTransactionInterceptor
{
    // Contexts whose unit of work wrote outbox rows, through IOutbox or with SQL. Marked rather than found by scanning
    // the change tracker, which would run change detection on every commit of every transaction.
    private static readonly ConditionalWeakTable<DbContext, object> Writers = new();

    public static void Expect(DbContext context) => Writers.AddOrUpdate(context, Writers);

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => NotifyIfWritten(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        NotifyIfWritten(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void NotifyIfWritten(DbContext? context)
    {
        if (context is not null && Writers.Remove(context)) signal.Notify();
    }

    private static void Forget(DbContext? context)
    {
        if (context is not null) Writers.Remove(context);
    }
}

/// <summary>
/// The assembly-qualified short name stored with an outbox row, and back. Both directions are cached: resolving a
/// name parses it and looks the assembly up, which cost the relay more than publishing the message.
/// </summary>
internal static class MessageTypeName
{
    private static readonly ConcurrentDictionary<Type, string> Names = new();
    private static readonly ConcurrentDictionary<string, Type> Types = new(StringComparer.Ordinal);

    public static string Of(Type type) => Names.GetOrAdd(type, t => $"{t.FullName}, {t.Assembly.GetName().Name}");

    public static Type Resolve(string name) =>
        Types.TryGetValue(name, out var type) ? type
        : Types.GetOrAdd(name, Type.GetType(name, throwOnError: false) ?? throw new InvalidOperationException($"Unknown message type '{name}'."));
}

/// <summary>Wakes the relay as soon as a unit of work with outgoing messages commits, instead of waiting for the next poll.</summary>
public sealed class OutboxSignal : WakeSignal;

/// <summary>
/// Wakes a polling background worker early. Many notifications before it looks again collapse into one wake-up: the
/// worker takes everything that is due when it runs.
/// </summary>
public class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        // Already signalled: one wake-up covers every pending message. Checked first because nearly every commit under
        // load lands here, and a thrown exception per commit showed up in the runtime's counters.
        if (_signal.CurrentCount > 0) return;
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Signalled by another commit between the check and the release.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    /// <summary>Returns when signalled, after <paramref name="timeout"/>, or when stopping; never throws (a worker's loop checks the token).</summary>
    public Task PauseAsync(TimeSpan timeout, CancellationToken ct) => WaitAsync(timeout, ct).ContinueWith(_ => { }, TaskScheduler.Default);
}
