using System.Data;
using System.Diagnostics;
using Jade.Ledger.Domain.Accounts;
using Jade.Ledger.Domain.TwoPhase;
using Npgsql;
using F = Jade.Ledger.Domain.Transfers.TransferFlags;

namespace Jade.Ledger.Verification;

/// <summary>
/// The operator check: per currency Σdebits = Σcredits (pending and posted), every account's four balances equal a
/// replay of its transfers and keep within its limit flags, every hold's status agrees with the posts and voids that
/// reference it, no post moves more than its hold, and no stored transfer id is also remembered as failed. Everything
/// is computed in SQL, set-based (a few scans and hash joins, no per-row round trips), inside one read-only REPEATABLE
/// READ transaction, so the counts, totals and replay all see one snapshot while writers carry on.
/// </summary>
public sealed class LedgerVerifier(NpgsqlDataSource dataSource, VerificationMetrics metrics)
{
    /// <summary>Discrepancies listed in a report; the count covers them all.</summary>
    public const int MaxListed = 100;

    private const string S = LedgerDb.Schema;
    private const int Pending = (int)F.Pending;
    private const int Resolves = (int)(F.PostPendingTransfer | F.VoidPendingTransfer);
    private const int Post = (int)F.PostPendingTransfer;
    private const int Void = (int)F.VoidPendingTransfer;
    private const int DebitsLimited = (int)AccountFlags.DebitsMustNotExceedCredits;
    private const int CreditsLimited = (int)AccountFlags.CreditsMustNotExceedDebits;
    private const long NanosPerSecond = PendingStatusExtensions.NanosPerSecond;

    /// <summary>Runs the check and records its outcome in <see cref="VerificationMetrics"/>, whoever asked for it.</summary>
    public async Task<VerificationReport> VerifyAsync(CancellationToken ct)
    {
        try
        {
            var report = await CheckAsync(ct);
            metrics.Record(report);
            return report;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            metrics.RecordError();
            throw;
        }
    }

    private async Task<VerificationReport> CheckAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        // JIT compiling these few large statements costs more than it saves (seconds on a million transfers).
        await ExecuteAsync(connection, tx, "SET TRANSACTION READ ONLY; SET LOCAL jit = off", ct);

        var (checkedAt, accounts, transfers) = await CountAsync(connection, tx, ct);
        var currencies = await TotalsAsync(connection, tx, ct);
        var unbalanced = currencies.SelectMany(Unbalanced).ToList();
        var (found, total) = await DiscrepanciesAsync(connection, tx, ct);
        await tx.CommitAsync(ct);

        var count = unbalanced.Count + total;
        return new VerificationReport(checkedAt, count == 0, accounts, transfers, currencies, count,
            [.. unbalanced.Concat(found).Take(MaxListed)], watch.ElapsedMilliseconds);
    }

    private static IEnumerable<Discrepancy> Unbalanced(CurrencyTotals t)
    {
        if (t.DebitsPending != t.CreditsPending)
            yield return new(Checks.CurrencyUnbalanced, t.Currency, null, null, "pending", t.DebitsPending, t.CreditsPending);
        if (t.DebitsPosted != t.CreditsPosted)
            yield return new(Checks.CurrencyUnbalanced, t.Currency, null, null, "posted", t.DebitsPosted, t.CreditsPosted);
    }

    private static async Task<(DateTimeOffset At, long Accounts, long Transfers)> CountAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        // now() is the transaction's start: the instant of the snapshot.
        await using var cmd = Command(c, tx, $"SELECT now(), (SELECT count(*) FROM {S}.accounts), (SELECT count(*) FROM {S}.transfers)");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static async Task<List<CurrencyTotals>> TotalsAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = Command(c, tx,
            "SELECT currency, count(*), sum(debits_pending), sum(credits_pending), sum(debits_posted), sum(credits_posted) " +
            $"FROM {S}.accounts GROUP BY currency ORDER BY currency");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var result = new List<CurrencyTotals>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(new(reader.GetString(0), reader.GetInt64(1),
                reader.GetDecimal(2), reader.GetDecimal(3), reader.GetDecimal(4), reader.GetDecimal(5)));
        }
        return result;
    }

    /// <summary>
    /// Every rule but the currency totals as one statement of uniform rows (check, currency, account, transfer, field,
    /// expected, actual); <c>count(*) OVER ()</c> gives the full count while only the first <see cref="MaxListed"/>
    /// rows travel.
    /// </summary>
    private static async Task<(List<Discrepancy> Found, long Total)> DiscrepanciesAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, DiscrepancySql);
        cmd.Parameters.AddWithValue("limit", MaxListed);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var found = new List<Discrepancy>();
        long total = 0;
        while (await reader.ReadAsync(ct))
        {
            total = reader.GetInt64(7);
            found.Add(new(reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetDecimal(5),
                reader.IsDBNull(6) ? null : reader.GetDecimal(6)));
        }
        return (found, total);
    }

    // A transfer's effect, by its flags: one without pending/void flags (single-phase, balancing, a post carrying its
    // posted amount) counts in the posted balances; a hold counts in the pending balances while its status is Pending
    // (an expired hold no batch or sweep has released yet is still Pending, and still in the stored balances); a void
    // posts nothing. Posted sums group all transfers (so every account a transfer names appears); held sums come from
    // the open holds only. Each rule filters first and only then expands a failing row into one row per finding.
    private static readonly string DiscrepancySql = $"""
        WITH open_holds AS MATERIALIZED (
            SELECT t.debit_account_id, t.credit_account_id, t.amount
            FROM {S}.pending_status ps JOIN {S}.transfers t ON t.id = ps.transfer_id AND t.flags & {Pending} <> 0
            WHERE ps.status = {(int)PendingStatus.Pending}
        ),
        replay AS (
            SELECT account_id, sum(dp) AS dp, sum(dpo) AS dpo, sum(cp) AS cp, sum(cpo) AS cpo FROM (
                SELECT debit_account_id AS account_id, 0 AS dp, sum(CASE WHEN flags & {Pending | Void} = 0 THEN amount ELSE 0 END) AS dpo, 0 AS cp, 0 AS cpo
                FROM {S}.transfers GROUP BY debit_account_id
                UNION ALL
                SELECT credit_account_id, 0, 0, 0, sum(CASE WHEN flags & {Pending | Void} = 0 THEN amount ELSE 0 END)
                FROM {S}.transfers GROUP BY credit_account_id
                UNION ALL
                SELECT debit_account_id, sum(amount), 0, 0, 0 FROM open_holds GROUP BY debit_account_id
                UNION ALL
                SELECT credit_account_id, 0, 0, sum(amount), 0 FROM open_holds GROUP BY credit_account_id
            ) sides
            GROUP BY account_id
        ),
        balances AS (
            SELECT r.account_id, a.id IS NULL AS missing, a.currency::text AS currency,
                r.dp, a.debits_pending, r.dpo, a.debits_posted, r.cp, a.credits_pending, r.cpo, a.credits_posted
            FROM replay r FULL JOIN {S}.accounts a ON a.id = r.account_id
            WHERE a.id IS NULL OR r.account_id IS NULL
               OR r.dp <> a.debits_pending OR r.dpo <> a.debits_posted OR r.cp <> a.credits_pending OR r.cpo <> a.credits_posted
        ),
        holds AS (
            SELECT * FROM (
                SELECT p.id, ps.transfer_id, p.currency::text AS currency, ps.expires_at::numeric AS stored_expiry,
                    CASE WHEN p.timeout_seconds > 0 THEN p.timestamp::numeric + p.timeout_seconds::numeric * {NanosPerSecond} END AS expiry
                FROM (SELECT id, currency, timestamp, timeout_seconds FROM {S}.transfers WHERE flags & {Pending} <> 0) p
                FULL JOIN {S}.pending_status ps ON ps.transfer_id = p.id) h
            WHERE h.id IS NULL OR h.transfer_id IS NULL OR h.stored_expiry IS DISTINCT FROM h.expiry
        ),
        resolutions AS (
            SELECT ps.transfer_id, ps.status, coalesce(r.posts, 0) AS posts, coalesce(r.voids, 0) AS voids
            FROM {S}.pending_status ps
            LEFT JOIN (
                SELECT pending_id, count(*) FILTER (WHERE flags & {Post} <> 0) AS posts, count(*) FILTER (WHERE flags & {Void} <> 0) AS voids
                FROM {S}.transfers WHERE pending_id IS NOT NULL AND flags & {Resolves} <> 0
                GROUP BY pending_id) r ON r.pending_id = ps.transfer_id
        ),
        resolvers AS (
            SELECT t.id, t.currency::text AS currency, t.flags, t.amount, p.id AS hold, p.amount AS held,
                t.debit_account_id <> p.debit_account_id OR t.credit_account_id <> p.credit_account_id AS other_accounts
            FROM {S}.transfers t
            LEFT JOIN {S}.transfers p ON p.id = t.pending_id AND p.flags & {Pending} <> 0
            WHERE t.flags & {Resolves} <> 0 AND (p.id IS NULL
                OR (t.flags & {Post} <> 0 AND t.amount > p.amount) OR (t.flags & {Void} <> 0 AND t.amount <> p.amount)
                OR t.debit_account_id <> p.debit_account_id OR t.credit_account_id <> p.credit_account_id)
        ),
        found (check_name, currency, account_id, transfer_id, field, expected, actual) AS (
            SELECT '{Checks.AccountMissing}', NULL::text, b.account_id, NULL::uuid, NULL::text, NULL::numeric, NULL::numeric
            FROM balances b WHERE b.missing
          UNION ALL
            SELECT '{Checks.BalanceMismatch}', b.currency, b.account_id, NULL, f.field, f.expected, f.actual
            FROM balances b
            CROSS JOIN LATERAL (VALUES
                ('debitsPending', coalesce(b.dp, 0), b.debits_pending::numeric),
                ('debitsPosted', coalesce(b.dpo, 0), b.debits_posted::numeric),
                ('creditsPending', coalesce(b.cp, 0), b.credits_pending::numeric),
                ('creditsPosted', coalesce(b.cpo, 0), b.credits_posted::numeric)) f(field, expected, actual)
            WHERE NOT b.missing AND f.expected <> f.actual
          UNION ALL
            SELECT '{Checks.PendingStatusMissing}', h.currency, NULL, h.id, NULL, NULL, NULL FROM holds h WHERE h.transfer_id IS NULL
          UNION ALL
            SELECT '{Checks.PendingStatusOrphan}', NULL, NULL, h.transfer_id, NULL, NULL, NULL FROM holds h WHERE h.id IS NULL
          UNION ALL
            SELECT '{Checks.ExpiryMismatch}', h.currency, NULL, h.id, 'expiresAt', h.expiry, h.stored_expiry
            FROM holds h WHERE h.id IS NOT NULL AND h.transfer_id IS NOT NULL
          UNION ALL
            SELECT '{Checks.ResolutionMismatch}', NULL, NULL, r.transfer_id, f.field, f.expected, f.actual
            FROM resolutions r
            CROSS JOIN LATERAL (VALUES
                ('posts', CASE WHEN r.status = {(int)PendingStatus.Posted} THEN 1 ELSE 0 END::numeric, r.posts::numeric),
                ('voids', CASE WHEN r.status = {(int)PendingStatus.Voided} THEN 1 ELSE 0 END::numeric, r.voids::numeric)) f(field, expected, actual)
            WHERE (r.posts, r.voids) <> (CASE WHEN r.status = {(int)PendingStatus.Posted} THEN 1 ELSE 0 END, CASE WHEN r.status = {(int)PendingStatus.Voided} THEN 1 ELSE 0 END)
              AND f.expected <> f.actual
          UNION ALL
            SELECT '{Checks.ResolverWithoutPending}', r.currency, NULL, r.id, NULL, NULL, NULL FROM resolvers r WHERE r.hold IS NULL
          UNION ALL
            SELECT '{Checks.PostExceedsPending}', r.currency, NULL, r.id, 'amount', r.held::numeric, r.amount::numeric
            FROM resolvers r WHERE r.flags & {Post} <> 0 AND r.amount > r.held
          UNION ALL
            SELECT '{Checks.VoidAmountDiffers}', r.currency, NULL, r.id, 'amount', r.held::numeric, r.amount::numeric
            FROM resolvers r WHERE r.flags & {Void} <> 0 AND r.amount <> r.held
          UNION ALL
            SELECT '{Checks.ResolverAccountsDiffer}', r.currency, NULL, r.id, 'accounts', NULL, NULL FROM resolvers r WHERE r.other_accounts
          UNION ALL
            SELECT '{Checks.DebitsExceedCredits}', a.currency::text, a.id, NULL, 'debits', a.credits_posted::numeric, a.debits_pending::numeric + a.debits_posted
            FROM {S}.accounts a WHERE a.flags & {DebitsLimited} <> 0 AND a.debits_pending::numeric + a.debits_posted > a.credits_posted
          UNION ALL
            SELECT '{Checks.CreditsExceedDebits}', a.currency::text, a.id, NULL, 'credits', a.debits_posted::numeric, a.credits_pending::numeric + a.credits_posted
            FROM {S}.accounts a WHERE a.flags & {CreditsLimited} <> 0 AND a.credits_pending::numeric + a.credits_posted > a.debits_posted
          UNION ALL
            SELECT '{Checks.FailedTransferStored}', t.currency::text, NULL, t.id, NULL, NULL, NULL
            FROM {S}.failed_transfers f JOIN {S}.transfers t ON t.id = f.id
        )
        SELECT *, count(*) OVER () FROM found ORDER BY check_name, account_id, transfer_id, field LIMIT @limit
        """;

    private static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction tx, string sql) =>
        // No timeout: on a large ledger the scans take what they take; the caller's token (request abort, Ctrl-C) cancels.
        new(sql, c, tx) { CommandTimeout = 0 };

    private static async Task ExecuteAsync(NpgsqlConnection c, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, sql);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
