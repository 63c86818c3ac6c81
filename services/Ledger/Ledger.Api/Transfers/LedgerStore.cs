using Jade.Ledger.Domain;
using Jade.Ledger.Domain.Accounts;
using Jade.Ledger.Domain.Results;
using Jade.Ledger.Domain.Transfers;
using Jade.Ledger.Domain.TwoPhase;
using Npgsql;
using NpgsqlTypes;

namespace Jade.Ledger.Transfers;

/// <summary>
/// The ledger's write path on raw Npgsql. A batch runs in one transaction: the accounts it touches are locked in id
/// order (<c>FOR UPDATE</c>), the rows the engine needs are loaded into a <see cref="WorkingSet"/>, the engine runs
/// with the database clock, and the differences are written set-based, one statement per table. Concurrent batches
/// on the same accounts serialize on the row locks; nothing ledger-wide is locked.
/// </summary>
public sealed class LedgerStore(NpgsqlDataSource dataSource, ILogger<LedgerStore> logger)
{
    private const int MaxAttempts = 5;
    private const string S = LedgerDb.Schema;

    public Task<IReadOnlyList<ItemResult<CreateTransferResult>>> CreateTransfersAsync(IReadOnlyList<Transfer> transfers, CancellationToken ct) =>
        WithRetryAsync(() => CreateTransfersOnceAsync(transfers, ct), ct);

    public Task<IReadOnlyList<ItemResult<CreateAccountResult>>> CreateAccountsAsync(IReadOnlyList<Account> accounts, CancellationToken ct) =>
        WithRetryAsync(() => CreateAccountsOnceAsync(accounts, ct), ct);

    private async Task<T> WithRetryAsync<T>(Func<Task<T>> attempt, CancellationToken ct)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt();
            }
            // A unique violation means a concurrent batch committed the same new id (or, on disjoint accounts, the same
            // timestamp) first; the retry sees its rows. Deadlocks cannot arise from id-ordered locking, but are retried too.
            catch (PostgresException e) when (i < MaxAttempts && e.SqlState is PostgresErrorCodes.UniqueViolation
                or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                logger.LogInformation("Ledger batch retried after {SqlState} (attempt {Attempt}).", e.SqlState, i);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * i)), ct);
            }
        }
    }

    private async Task<IReadOnlyList<ItemResult<CreateTransferResult>>> CreateTransfersOnceAsync(IReadOnlyList<Transfer> batch, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        // Transfers are immutable, so the batch's ids and the referenced pending transfers can be read before locking.
        var ids = batch.Select(t => t.Id).Concat(batch.Where(t => t.PendingId is not null).Select(t => t.PendingId!.Value))
            .Distinct().ToArray();
        var known = await LoadTransfersAsync(connection, tx, "id = ANY(@ids)", ids, ct);

        var accountIds = new HashSet<Guid>();
        foreach (var t in batch)
        {
            accountIds.Add(t.DebitAccountId);
            accountIds.Add(t.CreditAccountId);
        }
        foreach (var t in known.Values)
        {
            accountIds.Add(t.DebitAccountId);
            accountIds.Add(t.CreditAccountId);
        }
        accountIds.Remove(Guid.Empty);

        // Holds on these accounts that have expired are released by the engine before any limit is judged; both of
        // their accounts join the lock set.
        var expiring = await LoadTransfersAsync(connection, tx,
            $"id IN (SELECT transfer_id FROM {S}.pending_status WHERE status = {(int)PendingStatus.Pending} AND expires_at <= {NowSql}) " +
            "AND (debit_account_id = ANY(@ids) OR credit_account_id = ANY(@ids))", [.. accountIds], ct);
        foreach (var t in expiring.Values)
        {
            accountIds.Add(t.DebitAccountId);
            accountIds.Add(t.CreditAccountId);
            known.TryAdd(t.Id, t);
        }

        var accounts = await LockAccountsAsync(connection, tx, [.. accountIds], ct);
        var (now, last) = await ClockAsync(connection, tx, ct);
        var statuses = await LoadPendingStatusesAsync(connection, tx, [.. known.Keys], ct);
        var failed = await LoadFailuresAsync(connection, tx, [.. batch.Select(t => t.Id).Distinct()], ct);

        var state = new WorkingSet(last);
        foreach (var a in accounts) state.SeedAccount(a);
        foreach (var t in known.Values)
        {
            // A pending transfer's resolution changes both its accounts: only seed it when both are locked here.
            if (state.FindSeededAccount(t.DebitAccountId) is null || state.FindSeededAccount(t.CreditAccountId) is null)
            {
                if (!batch.Any(b => b.Id == t.Id)) continue;
                state.SeedTransfer(t, PendingStatus.None);
                continue;
            }
            state.SeedTransfer(t, statuses.GetValueOrDefault(t.Id, PendingStatus.None));
        }
        foreach (var (id, result) in failed) state.SeedFailure(id, result);

        var aligned = batch.Select(t => state.FindSeededTransfer(t.Id) is { } stored
            ? t with { Metadata = WorkingSet.AlignMetadata(t.Metadata, stored.Metadata) }
            : t).ToList();
        var results = LedgerEngine.CreateTransfers(state, aligned, now);

        await UpdateAccountsAsync(connection, tx, [.. state.ChangedAccounts()], ct);
        await InsertTransfersAsync(connection, tx, [.. state.NewTransfers()], ct);
        await UpsertPendingStatusesAsync(connection, tx, [.. state.ChangedPendingStatuses()], ct);
        await InsertFailuresAsync(connection, tx, [.. state.NewFailures()], ct);
        await tx.CommitAsync(ct);
        return results;
    }

    private async Task<IReadOnlyList<ItemResult<CreateAccountResult>>> CreateAccountsOnceAsync(IReadOnlyList<Account> batch, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var existing = await LockAccountsAsync(connection, tx, [.. batch.Select(a => a.Id).Distinct()], ct);
        var (now, last) = await ClockAsync(connection, tx, ct);

        var state = new WorkingSet(last);
        foreach (var a in existing) state.SeedAccount(a);
        var aligned = batch.Select(a => state.FindSeededAccount(a.Id) is { } stored
            ? a with { Metadata = WorkingSet.AlignMetadata(a.Metadata, stored.Metadata) }
            : a).ToList();
        var results = LedgerEngine.CreateAccounts(state, aligned, now);

        await InsertAccountsAsync(connection, tx, [.. state.NewAccounts()], ct);
        await tx.CommitAsync(ct);
        return results;
    }

    private const string NowSql = "(extract(epoch from clock_timestamp()) * 1000000000)::bigint";

    private static async Task<(long Now, long Last)> ClockAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"SELECT {NowSql}, greatest((SELECT coalesce(max(timestamp), 0) FROM {S}.transfers), (SELECT coalesce(max(timestamp), 0) FROM {S}.accounts))",
            c, tx);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private const string AccountColumns =
        "id, currency, code, owner_id, flags, debits_pending, debits_posted, credits_pending, credits_posted, metadata::text, timestamp";

    private static async Task<List<Account>> LockAccountsAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid[] ids, CancellationToken ct)
    {
        var result = new List<Account>(ids.Length);
        if (ids.Length == 0) return result;
        await using var cmd = new NpgsqlCommand(
            $"SELECT {AccountColumns} FROM {S}.accounts WHERE id = ANY(@ids) ORDER BY id FOR UPDATE", c, tx);
        cmd.Parameters.AddWithValue("ids", ids);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new Account
            {
                Id = reader.GetGuid(0),
                Currency = reader.GetString(1),
                Code = (ushort)reader.GetInt32(2),
                OwnerId = reader.IsDBNull(3) ? null : reader.GetGuid(3),
                Flags = (AccountFlags)reader.GetInt32(4),
                DebitsPending = reader.GetInt64(5),
                DebitsPosted = reader.GetInt64(6),
                CreditsPending = reader.GetInt64(7),
                CreditsPosted = reader.GetInt64(8),
                Metadata = reader.IsDBNull(9) ? null : reader.GetString(9),
                Timestamp = reader.GetInt64(10),
            });
        }
        return result;
    }

    private static async Task<Dictionary<Guid, Transfer>> LoadTransfersAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string where, Guid[] ids, CancellationToken ct)
    {
        var result = new Dictionary<Guid, Transfer>();
        if (ids.Length == 0) return result;
        await using var cmd = new NpgsqlCommand(
            "SELECT id, debit_account_id, credit_account_id, amount, currency, code, flags, pending_id, timeout_seconds, metadata::text, timestamp " +
            $"FROM {S}.transfers WHERE {where}", c, tx);
        cmd.Parameters.AddWithValue("ids", ids);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var t = new Transfer
            {
                Id = reader.GetGuid(0),
                DebitAccountId = reader.GetGuid(1),
                CreditAccountId = reader.GetGuid(2),
                Amount = reader.GetInt64(3),
                Currency = reader.GetString(4),
                Code = (ushort)reader.GetInt32(5),
                Flags = (TransferFlags)reader.GetInt32(6),
                PendingId = reader.IsDBNull(7) ? null : reader.GetGuid(7),
                TimeoutSeconds = (uint)reader.GetInt64(8),
                Metadata = reader.IsDBNull(9) ? null : reader.GetString(9),
                Timestamp = reader.GetInt64(10),
            };
            result[t.Id] = t;
        }
        return result;
    }

    private static async Task<Dictionary<Guid, PendingStatus>> LoadPendingStatusesAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, Guid[] ids, CancellationToken ct)
    {
        var result = new Dictionary<Guid, PendingStatus>();
        if (ids.Length == 0) return result;
        await using var cmd = new NpgsqlCommand($"SELECT transfer_id, status FROM {S}.pending_status WHERE transfer_id = ANY(@ids)", c, tx);
        cmd.Parameters.AddWithValue("ids", ids);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result[reader.GetGuid(0)] = (PendingStatus)reader.GetInt32(1);
        return result;
    }

    private static async Task<Dictionary<Guid, CreateTransferResult>> LoadFailuresAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, Guid[] ids, CancellationToken ct)
    {
        var result = new Dictionary<Guid, CreateTransferResult>();
        if (ids.Length == 0) return result;
        await using var cmd = new NpgsqlCommand($"SELECT id, result FROM {S}.failed_transfers WHERE id = ANY(@ids)", c, tx);
        cmd.Parameters.AddWithValue("ids", ids);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result[reader.GetGuid(0)] = (CreateTransferResult)reader.GetInt32(1);
        return result;
    }

    private static async Task InsertAccountsAsync(NpgsqlConnection c, NpgsqlTransaction tx, Account[] rows, CancellationToken ct)
    {
        if (rows.Length == 0) return;
        await using var cmd = new NpgsqlCommand(
            $"INSERT INTO {S}.accounts ({AccountColumns.Replace("::text", "", StringComparison.Ordinal)}) " +
            "SELECT u.id, u.currency, u.code, u.owner_id, u.flags, u.dp, u.dpo, u.cp, u.cpo, u.metadata::jsonb, u.ts " +
            "FROM unnest(@id, @currency, @code, @owner, @flags, @dp, @dpo, @cp, @cpo, @metadata, @ts) " +
            "AS u(id, currency, code, owner_id, flags, dp, dpo, cp, cpo, metadata, ts)", c, tx);
        cmd.Parameters.AddWithValue("id", rows.Select(a => a.Id).ToArray());
        cmd.Parameters.AddWithValue("currency", rows.Select(a => a.Currency).ToArray());
        cmd.Parameters.AddWithValue("code", rows.Select(a => (int)a.Code).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("owner", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = rows.Select(a => a.OwnerId).ToArray() });
        cmd.Parameters.AddWithValue("flags", rows.Select(a => (int)a.Flags).ToArray());
        cmd.Parameters.AddWithValue("dp", rows.Select(a => a.DebitsPending).ToArray());
        cmd.Parameters.AddWithValue("dpo", rows.Select(a => a.DebitsPosted).ToArray());
        cmd.Parameters.AddWithValue("cp", rows.Select(a => a.CreditsPending).ToArray());
        cmd.Parameters.AddWithValue("cpo", rows.Select(a => a.CreditsPosted).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("metadata", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(a => a.Metadata).ToArray() });
        cmd.Parameters.AddWithValue("ts", rows.Select(a => a.Timestamp).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task UpdateAccountsAsync(NpgsqlConnection c, NpgsqlTransaction tx, Account[] rows, CancellationToken ct)
    {
        if (rows.Length == 0) return;
        await using var cmd = new NpgsqlCommand(
            $"UPDATE {S}.accounts a SET flags = u.flags, debits_pending = u.dp, debits_posted = u.dpo, credits_pending = u.cp, credits_posted = u.cpo " +
            "FROM unnest(@id, @flags, @dp, @dpo, @cp, @cpo) AS u(id, flags, dp, dpo, cp, cpo) WHERE a.id = u.id", c, tx);
        cmd.Parameters.AddWithValue("id", rows.Select(a => a.Id).ToArray());
        cmd.Parameters.AddWithValue("flags", rows.Select(a => (int)a.Flags).ToArray());
        cmd.Parameters.AddWithValue("dp", rows.Select(a => a.DebitsPending).ToArray());
        cmd.Parameters.AddWithValue("dpo", rows.Select(a => a.DebitsPosted).ToArray());
        cmd.Parameters.AddWithValue("cp", rows.Select(a => a.CreditsPending).ToArray());
        cmd.Parameters.AddWithValue("cpo", rows.Select(a => a.CreditsPosted).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task InsertTransfersAsync(NpgsqlConnection c, NpgsqlTransaction tx, Transfer[] rows, CancellationToken ct)
    {
        if (rows.Length == 0) return;
        await using var cmd = new NpgsqlCommand(
            $"INSERT INTO {S}.transfers (id, debit_account_id, credit_account_id, amount, currency, code, flags, pending_id, timeout_seconds, metadata, timestamp) " +
            "SELECT u.id, u.d, u.c, u.amount, u.currency, u.code, u.flags, u.pending_id, u.timeout, u.metadata::jsonb, u.ts " +
            "FROM unnest(@id, @d, @c, @amount, @currency, @code, @flags, @pending, @timeout, @metadata, @ts) " +
            "AS u(id, d, c, amount, currency, code, flags, pending_id, timeout, metadata, ts)", c, tx);
        cmd.Parameters.AddWithValue("id", rows.Select(t => t.Id).ToArray());
        cmd.Parameters.AddWithValue("d", rows.Select(t => t.DebitAccountId).ToArray());
        cmd.Parameters.AddWithValue("c", rows.Select(t => t.CreditAccountId).ToArray());
        cmd.Parameters.AddWithValue("amount", rows.Select(t => t.Amount).ToArray());
        cmd.Parameters.AddWithValue("currency", rows.Select(t => t.Currency).ToArray());
        cmd.Parameters.AddWithValue("code", rows.Select(t => (int)t.Code).ToArray());
        cmd.Parameters.AddWithValue("flags", rows.Select(t => (int)t.Flags).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("pending", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = rows.Select(t => t.PendingId).ToArray() });
        cmd.Parameters.AddWithValue("timeout", rows.Select(t => (long)t.TimeoutSeconds).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("metadata", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(t => t.Metadata).ToArray() });
        cmd.Parameters.AddWithValue("ts", rows.Select(t => t.Timestamp).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task UpsertPendingStatusesAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, (Transfer Transfer, PendingStatus Status)[] rows, CancellationToken ct)
    {
        if (rows.Length == 0) return;
        await using var cmd = new NpgsqlCommand(
            $"INSERT INTO {S}.pending_status (transfer_id, status, expires_at) SELECT * FROM unnest(@id, @status, @expires) " +
            "ON CONFLICT (transfer_id) DO UPDATE SET status = excluded.status", c, tx);
        cmd.Parameters.AddWithValue("id", rows.Select(r => r.Transfer.Id).ToArray());
        cmd.Parameters.AddWithValue("status", rows.Select(r => (int)r.Status).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("expires", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.Transfer.ExpiresAt).ToArray() });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task InsertFailuresAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, KeyValuePair<Guid, CreateTransferResult>[] rows, CancellationToken ct)
    {
        if (rows.Length == 0) return;
        await using var cmd = new NpgsqlCommand(
            $"INSERT INTO {S}.failed_transfers (id, result) SELECT * FROM unnest(@id, @result) ON CONFLICT DO NOTHING", c, tx);
        cmd.Parameters.AddWithValue("id", rows.Select(r => r.Key).ToArray());
        cmd.Parameters.AddWithValue("result", rows.Select(r => (int)r.Value).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

public static class LedgerWritePath
{
    public static IHostApplicationBuilder AddLedgerWritePath(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(LedgerDb.Schema)
            ?? throw new InvalidOperationException($"ConnectionStrings:{LedgerDb.Schema} is not configured.");
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton<LedgerStore>();
        return builder;
    }
}
