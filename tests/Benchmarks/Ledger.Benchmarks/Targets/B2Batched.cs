using System.Threading.Channels;
using Jade.Ledger.Benchmarks.Workloads;
using Npgsql;

namespace Jade.Ledger.Benchmarks.Targets;

/// <summary>
/// B2, the set-based ceiling: a whole batch as one SQL statement — unnest the transfers, insert them, and apply each
/// account's aggregated deltas in one UPDATE (posts and voids likewise, joined to their holds).
/// <para>
/// With one transfer per request (W2-W4) B2 coalesces: every request goes into a queue, and a single writer takes
/// whatever has queued (up to 8,190 transfers) while its previous statement ran — group commit, as a micro-batching
/// ledger would do it. A request's latency therefore includes its wait in the queue. With one caller sending batches
/// (W1) each request is one statement.
/// </para>
/// <para>
/// Simplifications a real ledger could not make: the no-overdraft rule is checked on a batch's net effect per account
/// (not transfer by transfer, in order), and a violation fails the whole batch. The workloads are funded so that
/// neither matters; a failed batch would show up as "not created".
/// </para>
/// </summary>
public sealed class B2Batched : SqlBaseline
{
    private const int MaxBatch = 8190;
    private readonly Channel<Waiting> _queue = Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public B2Batched(NpgsqlDataSource db) : base(db, "b2") => _writer = Task.Run(WriteLoopAsync);

    public override string Name => "B2";

    public override async Task<int> SubmitAsync(PreparedRequest request, CancellationToken ct)
    {
        var waiting = new Waiting(request.Request.Transfers, new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(waiting, ct);
        return await waiting.Done.Task.WaitAsync(ct);
    }

    public override async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        await base.DisposeAsync();
    }

    private sealed record Waiting(IReadOnlyList<PlannedTransfer> Transfers, TaskCompletionSource<int> Done);

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        Waiting? carried = null;
        var group = new List<Waiting>();
        while (carried is not null || await reader.WaitToReadAsync())
        {
            group.Clear();
            var count = 0;
            if (carried is not null)
            {
                group.Add(carried);
                count = carried.Transfers.Count;
                carried = null;
            }
            while (count < MaxBatch && reader.TryRead(out var next))
            {
                if (group.Count > 0 && count + next.Transfers.Count > MaxBatch)
                {
                    carried = next;
                    break;
                }
                group.Add(next);
                count += next.Transfers.Count;
            }
            try
            {
                var created = await ExecuteAsync([.. group.SelectMany(w => w.Transfers)], CancellationToken.None);
                foreach (var w in group) w.Done.TrySetResult(w.Transfers.Count(t => !created.Contains(t.Id)));
            }
            catch (Exception e)
            {
                // Whatever broke the statement, its callers must hear of it rather than wait forever.
                foreach (var w in group) w.Done.TrySetException(e);
            }
        }
    }

    /// <summary>Runs one batch in one transaction; returns the ids that were created.</summary>
    private async Task<HashSet<Guid>> ExecuteAsync(IReadOnlyList<PlannedTransfer> batch, CancellationToken ct)
    {
        var creates = batch.Where(t => t.Kind is TransferKind.Single or TransferKind.Pending).ToArray();
        var resolutions = batch.Where(t => t.Kind is TransferKind.Post or TransferKind.Void).ToArray();
        await using var connection = await Db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var created = new HashSet<Guid>();
        if (creates.Length > 0)
        {
            if (await CreateAsync(connection, tx, creates, ct)) created.UnionWith(creates.Select(t => t.Id));
            else
            {
                await tx.RollbackAsync(ct);
                NoteFailure("exceeds_credits (B2 fails the whole batch)", batch.Count);
                return [];
            }
        }
        if (resolutions.Length > 0)
        {
            var resolved = await ResolveAsync(connection, tx, resolutions, ct);
            created.UnionWith(resolved);
            var missing = resolutions.Length - resolved.Count;
            if (missing > 0) NoteFailure("pending_transfer_not_found_or_resolved", missing);
        }
        await tx.CommitAsync(ct);
        return created;
    }

    /// <summary>Inserts single and pending transfers and applies their net deltas; false if an account was missing or overdrawn.</summary>
    private async Task<bool> CreateAsync(NpgsqlConnection c, NpgsqlTransaction tx, PlannedTransfer[] transfers, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            WITH t AS (
                SELECT * FROM unnest(@id, @debit, @credit, @amount, @flags) WITH ORDINALITY AS t(id, debit, credit, amount, flags, n)
            ), clock AS (SELECT {NowNanos} AS ts
            ), inserted AS (
                INSERT INTO {S}.transfers (id, debit_account_id, credit_account_id, amount, pending_id, flags, timestamp)
                SELECT t.id, t.debit, t.credit, t.amount, NULL, t.flags, clock.ts + t.n FROM t, clock
            ), delta AS (
                SELECT account, sum(dp)::bigint AS dp, sum(dpo)::bigint AS dpo, sum(cp)::bigint AS cp, sum(cpo)::bigint AS cpo FROM (
                    SELECT debit AS account, CASE WHEN flags & {Pending} <> 0 THEN amount ELSE 0 END AS dp,
                           CASE WHEN flags & {Pending} = 0 THEN amount ELSE 0 END AS dpo, 0::bigint AS cp, 0::bigint AS cpo FROM t
                    UNION ALL
                    SELECT credit, 0, 0, CASE WHEN flags & {Pending} <> 0 THEN amount ELSE 0 END,
                           CASE WHEN flags & {Pending} = 0 THEN amount ELSE 0 END FROM t
                ) moves GROUP BY account
            ), updated AS (
                UPDATE {S}.accounts a SET debits_pending = a.debits_pending + d.dp, debits_posted = a.debits_posted + d.dpo,
                       credits_pending = a.credits_pending + d.cp, credits_posted = a.credits_posted + d.cpo
                FROM delta d
                WHERE a.id = d.account
                  AND (a.flags & {DebitsMustNotExceedCredits} = 0 OR a.debits_pending + d.dp + a.debits_posted + d.dpo <= a.credits_posted + d.cpo)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM updated) = (SELECT count(*) FROM delta)
            """, c, tx);
        command.Parameters.AddWithValue("id", transfers.Select(t => t.Id).ToArray());
        command.Parameters.AddWithValue("debit", transfers.Select(t => t.Debit).ToArray());
        command.Parameters.AddWithValue("credit", transfers.Select(t => t.Credit).ToArray());
        command.Parameters.AddWithValue("amount", transfers.Select(t => t.Amount).ToArray());
        command.Parameters.AddWithValue("flags", transfers.Select(t => FlagsOf(t.Kind)).ToArray());
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Posts or voids holds that exist and are unresolved, taking accounts and amount from the hold; returns their ids.</summary>
    private async Task<List<Guid>> ResolveAsync(NpgsqlConnection c, NpgsqlTransaction tx, PlannedTransfer[] transfers, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            WITH r AS (
                SELECT * FROM unnest(@id, @pending, @flags) WITH ORDINALITY AS r(id, pending_id, flags, n)
            ), hold AS (
                SELECT r.id, r.pending_id, r.flags, r.n, h.debit_account_id AS debit, h.credit_account_id AS credit, h.amount
                FROM r JOIN {S}.transfers h ON h.id = r.pending_id
                WHERE h.flags & {Pending} <> 0 AND NOT EXISTS (SELECT 1 FROM {S}.transfers x WHERE x.pending_id = r.pending_id)
            ), clock AS (SELECT {NowNanos} AS ts
            ), inserted AS (
                INSERT INTO {S}.transfers (id, debit_account_id, credit_account_id, amount, pending_id, flags, timestamp)
                SELECT hold.id, hold.debit, hold.credit, hold.amount, hold.pending_id, hold.flags, clock.ts + hold.n FROM hold, clock
            ), delta AS (
                SELECT account, sum(dp)::bigint AS dp, sum(dpo)::bigint AS dpo, sum(cp)::bigint AS cp, sum(cpo)::bigint AS cpo FROM (
                    SELECT debit AS account, -amount AS dp, CASE WHEN flags & {PostPending} <> 0 THEN amount ELSE 0 END AS dpo,
                           0::bigint AS cp, 0::bigint AS cpo FROM hold
                    UNION ALL
                    SELECT credit, 0, 0, -amount, CASE WHEN flags & {PostPending} <> 0 THEN amount ELSE 0 END FROM hold
                ) moves GROUP BY account
            ), updated AS (
                UPDATE {S}.accounts a SET debits_pending = a.debits_pending + d.dp, debits_posted = a.debits_posted + d.dpo,
                       credits_pending = a.credits_pending + d.cp, credits_posted = a.credits_posted + d.cpo
                FROM delta d WHERE a.id = d.account
            )
            SELECT id FROM hold
            """, c, tx);
        command.Parameters.AddWithValue("id", transfers.Select(t => t.Id).ToArray());
        command.Parameters.AddWithValue("pending", transfers.Select(t => t.PendingId!.Value).ToArray());
        command.Parameters.AddWithValue("flags", transfers.Select(t => FlagsOf(t.Kind)).ToArray());
        var resolved = new List<Guid>(transfers.Length);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) resolved.Add(reader.GetGuid(0));
        return resolved;
    }
}
