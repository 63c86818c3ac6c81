using Jade.Ledger.Domain.Accounts;
using Jade.Ledger.Domain.Transfers;
using Jade.Ledger.Domain.TwoPhase;
using Jade.Messaging;
using Npgsql;
using NpgsqlTypes;

namespace Jade.Ledger.Transfers;

/// <summary>
/// The write path's statements: id-keyed reads, and one <c>unnest</c>-based write per table, returned as batch commands
/// so that all of a batch's writes travel in one round trip.
/// </summary>
internal static class LedgerRows
{
    private const string S = LedgerDb.Schema;

    public const string NowSql = "(extract(epoch from clock_timestamp()) * 1000000000)::bigint";

    private const string AccountColumns =
        "id, currency, code, owner_id, flags, debits_pending, debits_posted, credits_pending, credits_posted, metadata::text, timestamp";

    private const string TransferColumns =
        "id, debit_account_id, credit_account_id, amount, currency, code, flags, pending_id, timeout_seconds, metadata::text, timestamp";

    private static readonly string PendingAndExpired =
        $"SELECT transfer_id FROM {S}.pending_status WHERE status = {(int)PendingStatus.Pending} AND expires_at <= {NowSql}";

    /// <summary>
    /// One round trip before locking (transfers are immutable, so this is safe): the transfers named by id (the batch's
    /// own and the holds it references), and the expired holds on the given accounts or on the accounts of the
    /// referenced holds, which the engine releases first.
    /// </summary>
    public static async Task<(Dictionary<Guid, Transfer> Known, Dictionary<Guid, Transfer> Expiring)> LoadTransfersAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, Guid[] ids, Guid[] referencedHolds, Guid[] accountIds, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(c, tx);
        var known = new NpgsqlBatchCommand($"SELECT {TransferColumns} FROM {S}.transfers WHERE id = ANY(@ids)");
        known.Parameters.AddWithValue("ids", ids);
        var expiring = new NpgsqlBatchCommand(
            $"WITH a AS (SELECT unnest(@accounts) AS id UNION SELECT debit_account_id FROM {S}.transfers WHERE id = ANY(@holds) " +
            $"UNION SELECT credit_account_id FROM {S}.transfers WHERE id = ANY(@holds)) " +
            $"SELECT {TransferColumns} FROM {S}.transfers WHERE id IN ({PendingAndExpired}) " +
            "AND (debit_account_id IN (SELECT id FROM a) OR credit_account_id IN (SELECT id FROM a))");
        expiring.Parameters.AddWithValue("holds", referencedHolds);
        expiring.Parameters.AddWithValue("accounts", accountIds);
        batch.BatchCommands.Add(known);
        batch.BatchCommands.Add(expiring);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var knownRows = await ReadTransfersAsync(reader, ct);
        await reader.NextResultAsync(ct);
        return (knownRows, await ReadTransfersAsync(reader, ct));
    }

    /// <summary>Holds by id (the sweeper's expired ones).</summary>
    public static async Task<Dictionary<Guid, Transfer>> LoadTransfersAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid[] ids, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT {TransferColumns} FROM {S}.transfers WHERE id = ANY(@ids)", c, tx);
        cmd.Parameters.AddWithValue("ids", ids);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await ReadTransfersAsync(reader, ct);
    }

    /// <summary>
    /// One round trip that locks the accounts in id order and then reads, after the locks, the clock, the pending
    /// statuses and the failed ids, so all of them reflect every batch that held these accounts before.
    /// </summary>
    public static async Task<LockedRows> LockAndLoadAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, Guid[] accountIds, Guid[] pendingIds, Guid[] batchIds, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(c, tx);
        var lockAccounts = new NpgsqlBatchCommand($"SELECT {AccountColumns} FROM {S}.accounts WHERE id = ANY(@ids) ORDER BY id FOR UPDATE");
        lockAccounts.Parameters.AddWithValue("ids", accountIds);
        var clock = new NpgsqlBatchCommand(
            $"SELECT {NowSql}, greatest((SELECT coalesce(max(timestamp), 0) FROM {S}.transfers), (SELECT coalesce(max(timestamp), 0) FROM {S}.accounts))");
        var statuses = new NpgsqlBatchCommand($"SELECT transfer_id, status, announced FROM {S}.pending_status WHERE transfer_id = ANY(@ids)");
        statuses.Parameters.AddWithValue("ids", pendingIds);
        var failures = new NpgsqlBatchCommand($"SELECT id, result FROM {S}.failed_transfers WHERE id = ANY(@ids)");
        failures.Parameters.AddWithValue("ids", batchIds);
        batch.BatchCommands.Add(lockAccounts);
        batch.BatchCommands.Add(clock);
        batch.BatchCommands.Add(statuses);
        batch.BatchCommands.Add(failures);

        await using var reader = await batch.ExecuteReaderAsync(ct);
        var accounts = new List<Account>(accountIds.Length);
        while (await reader.ReadAsync(ct)) accounts.Add(ReadAccount(reader));
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var (now, last) = (reader.GetInt64(0), reader.GetInt64(1));
        await reader.NextResultAsync(ct);
        var pending = new Dictionary<Guid, (PendingStatus, bool)>();
        while (await reader.ReadAsync(ct)) pending[reader.GetGuid(0)] = ((PendingStatus)reader.GetInt32(1), reader.GetBoolean(2));
        await reader.NextResultAsync(ct);
        var failed = new Dictionary<Guid, CreateTransferResult>();
        while (await reader.ReadAsync(ct)) failed[reader.GetGuid(0)] = (CreateTransferResult)reader.GetInt32(1);
        return new LockedRows(accounts, now, last, pending, failed);
    }

    private static Account ReadAccount(NpgsqlDataReader reader) => new()
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
    };

    private static async Task<Dictionary<Guid, Transfer>> ReadTransfersAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var result = new Dictionary<Guid, Transfer>();
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

    /// <summary>Sends the non-empty writes in one round trip.</summary>
    public static async Task ExecuteAsync(NpgsqlConnection c, NpgsqlTransaction tx, IEnumerable<NpgsqlBatchCommand?> writes, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(c, tx);
        foreach (var write in writes)
        {
            if (write is not null) batch.BatchCommands.Add(write);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Ids of holds still marked pending whose expiry has passed by the database clock, oldest expiry first.</summary>
    public static async Task<Guid[]> FindExpiredHoldsAsync(NpgsqlConnection c, NpgsqlTransaction tx, int limit, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"{PendingAndExpired} ORDER BY expires_at LIMIT @limit", c, tx);
        cmd.Parameters.AddWithValue("limit", limit);
        var ids = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return [.. ids];
    }


    public static NpgsqlBatchCommand? InsertAccounts(Account[] rows)
    {
        if (rows.Length == 0) return null;
        var cmd = new NpgsqlBatchCommand(
            $"INSERT INTO {S}.accounts ({AccountColumns.Replace("::text", "", StringComparison.Ordinal)}) " +
            "SELECT u.id, u.currency, u.code, u.owner_id, u.flags, u.dp, u.dpo, u.cp, u.cpo, u.metadata::jsonb, u.ts " +
            "FROM unnest(@id, @currency, @code, @owner, @flags, @dp, @dpo, @cp, @cpo, @metadata, @ts) " +
            "AS u(id, currency, code, owner_id, flags, dp, dpo, cp, cpo, metadata, ts)");
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
        return cmd;
    }

    public static NpgsqlBatchCommand? UpdateAccounts(Account[] rows)
    {
        if (rows.Length == 0) return null;
        var cmd = new NpgsqlBatchCommand(
            $"UPDATE {S}.accounts a SET flags = u.flags, debits_pending = u.dp, debits_posted = u.dpo, credits_pending = u.cp, credits_posted = u.cpo " +
            "FROM unnest(@id, @flags, @dp, @dpo, @cp, @cpo) AS u(id, flags, dp, dpo, cp, cpo) WHERE a.id = u.id");
        cmd.Parameters.AddWithValue("id", rows.Select(a => a.Id).ToArray());
        cmd.Parameters.AddWithValue("flags", rows.Select(a => (int)a.Flags).ToArray());
        cmd.Parameters.AddWithValue("dp", rows.Select(a => a.DebitsPending).ToArray());
        cmd.Parameters.AddWithValue("dpo", rows.Select(a => a.DebitsPosted).ToArray());
        cmd.Parameters.AddWithValue("cp", rows.Select(a => a.CreditsPending).ToArray());
        cmd.Parameters.AddWithValue("cpo", rows.Select(a => a.CreditsPosted).ToArray());
        return cmd;
    }

    public static NpgsqlBatchCommand? InsertTransfers(Transfer[] rows)
    {
        if (rows.Length == 0) return null;
        var cmd = new NpgsqlBatchCommand(
            $"INSERT INTO {S}.transfers (id, debit_account_id, credit_account_id, amount, currency, code, flags, pending_id, timeout_seconds, metadata, timestamp) " +
            "SELECT u.id, u.d, u.c, u.amount, u.currency, u.code, u.flags, u.pending_id, u.timeout, u.metadata::jsonb, u.ts " +
            "FROM unnest(@id, @d, @c, @amount, @currency, @code, @flags, @pending, @timeout, @metadata, @ts) " +
            "AS u(id, d, c, amount, currency, code, flags, pending_id, timeout, metadata, ts)");
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
        return cmd;
    }

    public static NpgsqlBatchCommand? UpsertPendingStatuses(
        (Transfer Transfer, PendingStatus Status)[] rows, bool announced)
    {
        if (rows.Length == 0) return null;
        // A hold's announced mark is set when it is placed and never changes afterwards.
        var cmd = new NpgsqlBatchCommand(
            $"INSERT INTO {S}.pending_status (transfer_id, status, expires_at, announced) SELECT u.*, @announced FROM unnest(@id, @status, @expires) AS u " +
            "ON CONFLICT (transfer_id) DO UPDATE SET status = excluded.status");
        cmd.Parameters.AddWithValue("announced", announced);
        cmd.Parameters.AddWithValue("id", rows.Select(r => r.Transfer.Id).ToArray());
        cmd.Parameters.AddWithValue("status", rows.Select(r => (int)r.Status).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("expires", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.Transfer.ExpiresAt).ToArray() });
        return cmd;
    }

    public static NpgsqlBatchCommand? InsertFailures(
        KeyValuePair<Guid, CreateTransferResult>[] rows)
    {
        if (rows.Length == 0) return null;
        var cmd = new NpgsqlBatchCommand(
            $"INSERT INTO {S}.failed_transfers (id, result) SELECT * FROM unnest(@id, @result) ON CONFLICT DO NOTHING");
        cmd.Parameters.AddWithValue("id", rows.Select(r => r.Key).ToArray());
        cmd.Parameters.AddWithValue("result", rows.Select(r => (int)r.Value).ToArray());
        return cmd;
    }
}

/// <summary>What <see cref="LedgerRows.LockAndLoadAsync"/> read under the locks.</summary>
internal sealed record LockedRows(
    List<Account> Accounts, long Now, long LastTimestamp,
    Dictionary<Guid, (PendingStatus Status, bool Announced)> PendingStatuses, Dictionary<Guid, CreateTransferResult> Failures);
