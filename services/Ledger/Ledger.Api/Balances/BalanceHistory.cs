using Npgsql;
using F = Jade.Ledger.Domain.Transfers.TransferFlags;

namespace Jade.Ledger.Balances;

/// <summary>
/// Point-in-time balances of one account, replayed from its transfers with timestamp ≤ asOf (transfers are immutable,
/// so the past never changes). Posted balances sum the transfers without pending/void flags (a post carries its posted
/// amount). A hold counts as held when placed by asOf, not resolved by a post or void timestamped by asOf, and not
/// expired by asOf: its expiry comes from the hold itself (timestamp + timeout), so a hold shows as released at its
/// expiry even before any sweep or later batch recorded that. Cost is linear in the account's history, read through
/// the (account, timestamp) indexes.
/// </summary>
public sealed class BalanceHistory(NpgsqlDataSource dataSource)
{
    private const string S = LedgerDb.Schema;
    private const int Pending = (int)F.Pending;
    private const int Void = (int)F.VoidPendingTransfer;
    private const long NanosPerSecond = Domain.TwoPhase.PendingStatusExtensions.NanosPerSecond;

    /// <param name="asOf">Ledger nanoseconds, or null for now: the later of the database clock and the account's newest
    /// transfer, since a batch's timestamps may run a few nanoseconds ahead of the clock.</param>
    public async Task<BalancesView> AtAsync(Guid accountId, long? asOf, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The estimate of a long history crosses PostgreSQL's JIT threshold, and compiling costs more than the replay.
        await using (var jit = new NpgsqlCommand("SET LOCAL jit = off", connection, tx)) await jit.ExecuteNonQueryAsync(ct);
        await using var cmd = new NpgsqlCommand(Sql, connection, tx);
        cmd.Parameters.AddWithValue("id", accountId);
        cmd.Parameters.Add(new NpgsqlParameter("as_of", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = asOf is { } v ? v : DBNull.Value });
        BalancesView view;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            view = new(accountId, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        }
        await tx.CommitAsync(ct);
        return view;
    }

    // asOf is a lateral input, so it reaches the (account, timestamp) index conditions instead of filtering afterwards.
    private static readonly string Sql = $"""
        SELECT b.as_of, s.dp, s.dpo, s.cp, s.cpo
        FROM (SELECT coalesce(@as_of, greatest(
                (extract(epoch from clock_timestamp()) * 1000000000)::bigint,
                (SELECT max(timestamp) FROM {S}.transfers WHERE debit_account_id = @id),
                (SELECT max(timestamp) FROM {S}.transfers WHERE credit_account_id = @id))) AS as_of) b
        CROSS JOIN LATERAL (
            SELECT
                coalesce(sum(m.held) FILTER (WHERE m.debit_account_id = @id), 0)::bigint AS dp,
                coalesce(sum(m.posted) FILTER (WHERE m.debit_account_id = @id), 0)::bigint AS dpo,
                coalesce(sum(m.held) FILTER (WHERE m.credit_account_id = @id), 0)::bigint AS cp,
                coalesce(sum(m.posted) FILTER (WHERE m.credit_account_id = @id), 0)::bigint AS cpo
            FROM (
                SELECT t.debit_account_id, t.credit_account_id,
                    CASE WHEN t.flags & {Pending | Void} = 0 THEN t.amount ELSE 0 END AS posted,
                    CASE WHEN t.flags & {Pending} <> 0
                          AND (t.timeout_seconds = 0 OR t.timestamp + t.timeout_seconds * {NanosPerSecond} > b.as_of)
                          AND NOT EXISTS (SELECT 1 FROM {S}.transfers r WHERE r.pending_id = t.id AND r.timestamp <= b.as_of)
                         THEN t.amount ELSE 0 END AS held
                FROM {S}.transfers t
                WHERE (t.debit_account_id = @id AND t.timestamp <= b.as_of) OR (t.credit_account_id = @id AND t.timestamp <= b.as_of)
            ) m
        ) s
        """;
}

/// <summary>An account's balances at <see cref="AsOf"/> (ledger nanoseconds).</summary>
public sealed record BalancesView(
    Guid AccountId, long AsOf, long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted)
{
    /// <summary>What a customer may spend: credits posted − debits posted − debits pending.</summary>
    public long AvailableBalance => CreditsPosted - DebitsPosted - DebitsPending;
}
