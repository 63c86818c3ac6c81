using Jade.Persistence;
using Jade.Ledger.Domain;
using Jade.Ledger.Domain.Accounts;
using Jade.Ledger.Domain.Results;
using Jade.Ledger.Domain.Transfers;
using Jade.Ledger.Domain.TwoPhase;
using Jade.Ledger.Sagas;
using Jade.Messaging;
using Npgsql;

namespace Jade.Ledger.Transfers;

/// <summary>
/// The ledger's write path on raw Npgsql. A batch runs in one transaction: the accounts it touches are locked in id
/// order (<c>FOR UPDATE</c>), the rows the engine needs are loaded into a <see cref="WorkingSet"/>, the engine runs
/// with the database clock, and the differences are written set-based, one statement per table. Concurrent batches
/// on the same accounts serialize on the row locks; nothing ledger-wide is locked.
/// </summary>
public sealed class LedgerStore(NpgsqlDataSource dataSource, OutboxSignal outboxSignal, TimeProvider time, ILogger<LedgerStore> logger)
{
    private const int MaxAttempts = 5;

    public Task<IReadOnlyList<ItemResult<CreateTransferResult>>> CreateTransfersAsync(IReadOnlyList<Transfer> transfers, CancellationToken ct) =>
        InOwnTransactionAsync((c, tx) => ApplyAsync(c, tx, transfers, announcements: null, ct), ct);

    public Task<IReadOnlyList<ItemResult<CreateAccountResult>>> CreateAccountsAsync(IReadOnlyList<Account> accounts, CancellationToken ct) =>
        InOwnTransactionAsync(async (c, tx) => (await CreateAccountsAsync(c, tx, accounts, ct), false), ct);

    /// <summary>Releases up to <paramref name="limit"/> holds whose timeout has passed; returns how many it released.</summary>
    public Task<int> ReleaseExpiredHoldsAsync(int limit, CancellationToken ct) =>
        InOwnTransactionAsync(async (c, tx) =>
        {
            var ids = await LedgerRows.FindExpiredHoldsAsync(c, tx, limit, ct);
            if (ids.Length == 0) return (0, false);
            var (state, now) = await LoadWorkingSetAsync(c, tx, TransferKeys.None with { Ids = ids }, [], ct);
            var released = LedgerEngine.ExpirePendingTransfers(state, now);
            var announced = await WriteAsync(c, tx, state, null, ct);
            return (released.Count, announced);
        }, ct);

    /// <summary>
    /// Applies a batch inside the caller's transaction (a saga command's inbox transaction), announcing what it
    /// creates as events in the outbox. No retry here: a conflict aborts the caller's transaction, and the bus redelivers.
    /// </summary>
    public async Task<IReadOnlyList<ItemResult<CreateTransferResult>>> CreateTransfersAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<Transfer> batch, Announce announcements, CancellationToken ct) =>
        (await ApplyAsync(connection, tx, batch, announcements, ct)).Results;

    private async Task<(IReadOnlyList<ItemResult<CreateTransferResult>> Results, bool Announced)> ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<Transfer> batch, Announce? announcements, CancellationToken ct)
    {
        var holds = batch.Where(t => t.PendingId is not null).Select(t => t.PendingId!.Value).Distinct().ToArray();
        var batchIds = batch.Select(t => t.Id).Distinct().ToArray();
        var keys = new TransferKeys([.. batchIds.Concat(holds).Distinct()], holds, [.. AccountsOf([], batch)], batchIds);

        var (state, now) = await LoadWorkingSetAsync(connection, tx, keys, batch, ct);
        var aligned = batch.Select(t => state.FindSeededTransfer(t.Id) is { } stored
            ? t with { Metadata = WorkingSet.AlignMetadata(t.Metadata, stored.Metadata) }
            : t).ToList();
        var results = LedgerEngine.CreateTransfers(state, aligned, now);
        var announced = await WriteAsync(connection, tx, state, announcements, ct);
        return (results, announced);
    }

    /// <summary>
    /// Locks every account the batch touches, and those of the transfers it reads (including expired holds, which the
    /// engine releases first), and seeds a working set with them, the transfers and their pending statuses.
    /// </summary>
    private static async Task<(WorkingSet State, long Now)> LoadWorkingSetAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, TransferKeys keys, IReadOnlyList<Transfer> batch, CancellationToken ct)
    {
        // Read before locking to learn which accounts to lock: while this batch waits for the locks, another may commit
        // its own ids (a retry racing its original on another replica) or resolve its holds, so every transfer the
        // engine decides on is read again under them. The batch's own ids are left out here: a stored one names its
        // item's accounts or its hold's, unless it differs, which the loop below catches.
        var (peeked, expired) = await LedgerRows.PeekTransfersAsync(connection, tx, keys with { Ids = [.. keys.Ids.Except(keys.BatchIds)] }, ct);
        keys = keys with { Ids = [.. keys.Ids.Union(expired)] };
        var locked = AccountsOf(keys.Accounts, peeked);
        var rows = await LedgerRows.LockAndLoadAsync(connection, tx, [.. locked], keys, ct);
        // What committed meanwhile may name accounts not locked yet: lock them too (re-locking held rows is free).
        while (AccountsOf(keys.Accounts, rows.Transfers.Values.Select(s => s.Transfer)) is var needed && !locked.IsSupersetOf(needed))
        {
            locked.UnionWith(needed);
            rows = await LedgerRows.LockAndLoadAsync(connection, tx, [.. locked], keys, ct);
        }

        var state = new WorkingSet(rows.LastTimestamp);
        foreach (var a in rows.Accounts) state.SeedAccount(a);
        var inBatch = batch.Select(t => t.Id).ToHashSet();
        foreach (var (t, status, announced) in rows.Transfers.Values)
        {
            // A pending transfer's resolution changes both its accounts: only seed its status when both are locked here.
            if (state.FindSeededAccount(t.DebitAccountId) is not null && state.FindSeededAccount(t.CreditAccountId) is not null)
                state.SeedTransfer(t, status, announced);
            else if (inBatch.Contains(t.Id))
                state.SeedTransfer(t, PendingStatus.None, announced);
        }
        foreach (var (id, result) in rows.Failures) state.SeedFailure(id, result);
        return (state, rows.Now);
    }

    private static HashSet<Guid> AccountsOf(IEnumerable<Guid> accounts, IEnumerable<Transfer> transfers)
    {
        var ids = accounts.Concat(transfers.SelectMany(t => new[] { t.DebitAccountId, t.CreditAccountId })).ToHashSet();
        ids.Remove(Guid.Empty);
        return ids;
    }

    /// <returns>Whether events went into the outbox.</returns>
    private async Task<bool> WriteAsync(NpgsqlConnection c, NpgsqlTransaction tx, WorkingSet state, Announce? announcements, CancellationToken ct)
    {
        var created = state.NewTransfers().ToArray();
        var events = Announcements.For(announcements is null ? [] : created, state.ExpiredAnnouncedHolds(), time.GetUtcNow(), announcements?.CorrelationByTransfer);
        await LedgerRows.ExecuteAsync(c, tx,
        [
            LedgerRows.UpdateAccounts([.. state.ChangedAccounts()]),
            LedgerRows.InsertTransfers(created),
            LedgerRows.UpsertPendingStatuses([.. state.ChangedPendingStatuses()], announced: announcements is not null),
            LedgerRows.InsertFailures([.. state.NewFailures()]),
            OutboxRows.InsertCommand(LedgerDb.Schema, events),
        ], ct);
        return events.Length > 0;
    }

    private async Task<IReadOnlyList<ItemResult<CreateAccountResult>>> CreateAccountsAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<Account> batch, CancellationToken ct)
    {
        var rows = await LedgerRows.LockAndLoadAsync(connection, tx, [.. batch.Select(a => a.Id).Distinct()], TransferKeys.None, ct);
        var now = rows.Now;
        var state = new WorkingSet(rows.LastTimestamp);
        foreach (var a in rows.Accounts) state.SeedAccount(a);
        var aligned = batch.Select(a => state.FindSeededAccount(a.Id) is { } stored
            ? a with { Metadata = WorkingSet.AlignMetadata(a.Metadata, stored.Metadata) }
            : a).ToList();
        var results = LedgerEngine.CreateAccounts(state, aligned, now);
        await LedgerRows.ExecuteAsync(connection, tx, [LedgerRows.InsertAccounts([.. state.NewAccounts()])], ct);
        return results;
    }

    private async Task<T> InOwnTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<(T Result, bool Announced)>> work, CancellationToken ct)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                await using var tx = await connection.BeginTransactionAsync(ct);
                var (result, announced) = await work(connection, tx);
                await tx.CommitAsync(ct);
                if (announced) outboxSignal.Notify();
                return result;
            }
            // A unique violation means a concurrent batch committed the same new id first; the retry sees its rows.
            // Deadlocks cannot arise from id-ordered locking, but are retried too.
            catch (PostgresException e) when (i < MaxAttempts && e.SqlState is PostgresErrorCodes.UniqueViolation
                or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                logger.LogInformation("Ledger batch retried after {SqlState} (attempt {Attempt}).", e.SqlState, i);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * i)), ct);
            }
        }
    }
}

/// <summary>Asks the write path to publish what the batch creates, each event under its transfer's conversation.</summary>
public sealed record Announce(IReadOnlyDictionary<Guid, string?> CorrelationByTransfer);

public static class LedgerWritePath
{
    public static IHostApplicationBuilder AddLedgerWritePath(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(LedgerDb.Schema)
            ?? throw new InvalidOperationException($"ConnectionStrings:{LedgerDb.Schema} is not configured.");
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(ServiceDatabase.Tuned(connectionString)));
        builder.Services.AddSingleton<LedgerStore>();
        builder.Services.AddOptions<CoalescingOptions>().BindConfiguration("Ledger:Coalescing");
        builder.Services.AddSingleton<TransferCoalescer>();
        builder.Services.AddOptions<HoldSweeperOptions>().BindConfiguration("Ledger:HoldSweeper");
        builder.Services.AddHostedService<ExpiredHoldSweeper>();
        return builder;
    }
}
