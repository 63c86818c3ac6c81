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
    /// One round trip before locking, to learn which accounts to lock: the named transfers, which
    /// <see cref="LockAndLoadAsync"/> reads again under the locks, and the ids of expired holds on the batch's accounts,
    /// which the engine releases first. Expiry is judged here rather than under the locks: that query held every lock of
    /// a contended batch a fifth longer (W4 of the ledger benchmark), and a hold that expires while the batch waits is
    /// released by the next batch or the sweeper.
    /// </summary>
    public static async Task<(IEnumerable<Transfer> Named, Guid[] Expired)> PeekTransfersAsync(NpgsqlConnection c, NpgsqlTransaction tx, TransferKeys keys, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(c, tx);
        foreach (var read in TransferReads(keys)) batch.BatchCommands.Add(read);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var found = await ReadTransfersAsync(reader, ct);
        await reader.NextResultAsync(ct);
        return (found.Values.Select(s => s.Transfer), (await ReadTransfersAsync(reader, ct)).Keys.ToArray());
    }

    /// <summary>
    /// One round trip that locks the accounts in id order and then reads, after the locks, the clock, the transfers
    /// named by <paramref name="keys"/> with their pending statuses, and the failed ids, so all of them reflect every
    /// batch that held these accounts before.
    /// </summary>
    public static async Task<LockedRows> LockAndLoadAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, Guid[] accountIds, TransferKeys keys, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(c, tx);
        var lockAccounts = new NpgsqlBatchCommand($"SELECT {AccountColumns} FROM {S}.accounts WHERE id = ANY(@ids) ORDER BY id FOR UPDATE");
        lockAccounts.Parameters.AddWithValue("ids", accountIds);
        var clock = new NpgsqlBatchCommand(
            $"SELECT {NowSql}, greatest((SELECT coalesce(max(timestamp), 0) FROM {S}.transfers), (SELECT coalesce(max(timestamp), 0) FROM {S}.accounts))");
        var failures = new NpgsqlBatchCommand($"SELECT id, result FROM {S}.failed_transfers WHERE id = ANY(@ids)");
        failures.Parameters.AddWithValue("ids", keys.BatchIds);
        batch.BatchCommands.Add(lockAccounts);
        batch.BatchCommands.Add(clock);
        batch.BatchCommands.Add(TransferReads(keys)[0]);
        batch.BatchCommands.Add(failures);

        await using var reader = await batch.ExecuteReaderAsync(ct);
        var accounts = new List<Account>(accountIds.Length);
        while (await reader.ReadAsync(ct)) accounts.Add(ReadAccount(reader));
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var (now, last) = (reader.GetInt64(0), reader.GetInt64(1));
        await reader.NextResultAsync(ct);
        var transfers = await ReadTransfersAsync(reader, ct);
        await reader.NextResultAsync(ct);
        var failed = new Dictionary<Guid, CreateTransferResult>();
        while (await reader.ReadAsync(ct)) failed[reader.GetGuid(0)] = (CreateTransferResult)reader.GetInt32(1);
        return new LockedRows(accounts, now, last, transfers, failed);
    }

    /// <summary>
    /// The transfers named by id (the batch's own and the holds it references), and the expired holds on the batch's
    /// accounts or on the referenced holds' accounts, which the engine releases first; each with its pending status.
    /// </summary>
    private static NpgsqlBatchCommand[] TransferReads(TransferKeys keys)
    {
        const string columns = $"{TransferColumns}, ps.status, ps.announced";
        var named = new NpgsqlBatchCommand($"SELECT {columns} FROM {S}.transfers LEFT JOIN {S}.pending_status ps ON ps.transfer_id = id WHERE id = ANY(@ids)");
        named.Parameters.AddWithValue("ids", keys.Ids);
        var expiring = new NpgsqlBatchCommand(
            $"WITH a AS (SELECT unnest(@accounts) AS id UNION SELECT debit_account_id FROM {S}.transfers WHERE id = ANY(@holds) " +
            $"UNION SELECT credit_account_id FROM {S}.transfers WHERE id = ANY(@holds)) " +
            $"SELECT {columns} FROM {S}.pending_status ps JOIN {S}.transfers ON id = ps.transfer_id " +
            $"WHERE ps.status = {(int)PendingStatus.Pending} AND ps.expires_at <= {NowSql} " +
            "AND (debit_account_id IN (SELECT id FROM a) OR credit_account_id IN (SELECT id FROM a))");
        expiring.Parameters.AddWithValue("holds", keys.Holds);
        expiring.Parameters.AddWithValue("accounts", keys.Accounts);
        return [named, expiring];
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

    private static async Task<Dictionary<Guid, StoredTransfer>> ReadTransfersAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var result = new Dictionary<Guid, StoredTransfer>();
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
            var status = reader.IsDBNull(11) ? PendingStatus.None : (PendingStatus)reader.GetInt32(11);
            result[t.Id] = new StoredTransfer(t, status, !reader.IsDBNull(12) && reader.GetBoolean(12));
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

/// <summary>
/// What a batch reads besides its accounts: <see cref="Ids"/> (its own transfer ids and the holds it references), the
/// expired holds on <see cref="Accounts"/> or on the accounts of <see cref="Holds"/>, and the failed ids among <see cref="BatchIds"/>.
/// </summary>
internal sealed record TransferKeys(Guid[] Ids, Guid[] Holds, Guid[] Accounts, Guid[] BatchIds)
{
    public static readonly TransferKeys None = new([], [], [], []);
}

/// <summary>A stored transfer with its pending status (<see cref="PendingStatus.None"/> unless it is a hold).</summary>
internal sealed record StoredTransfer(Transfer Transfer, PendingStatus Status, bool Announced);

/// <summary>What <see cref="LedgerRows.LockAndLoadAsync"/> read under the locks.</summary>
internal sealed record LockedRows(
    List<Account> Accounts, long Now, long LastTimestamp,
    Dictionary<Guid, StoredTransfer> Transfers, Dictionary<Guid, CreateTransferResult> Failures);
