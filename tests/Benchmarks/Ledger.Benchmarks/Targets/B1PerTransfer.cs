using Jade.Ledger.Benchmarks.Workloads;
using Npgsql;

namespace Jade.Ledger.Benchmarks.Targets;

/// <summary>
/// B1, the textbook write path: one Npgsql transaction per transfer that locks both accounts with
/// <c>SELECT … FOR UPDATE</c> in id order, checks the no-overdraft rule in C#, updates both balances, inserts the
/// transfer and commits. Statements that need no answer in between go in one <see cref="NpgsqlBatch"/>, so a plain
/// transfer costs three round trips (lock, write, commit), a post or void four (it reads its hold first). A batch
/// request (W1) is replayed transfer by transfer on one connection: B1 has no batch call.
/// </summary>
public sealed class B1PerTransfer(NpgsqlDataSource db) : SqlBaseline(db, "b1")
{
    public override string Name => "B1";

    public override async Task<int> SubmitAsync(PreparedRequest request, CancellationToken ct)
    {
        var failed = 0;
        foreach (var transfer in request.Request.Transfers)
        {
            if (await ExecuteAsync(transfer, ct) is { } reason)
            {
                failed++;
                NoteFailure(reason);
            }
        }
        return failed;
    }

    /// <summary>Null when the transfer was committed, else why it was rolled back.</summary>
    private async Task<string?> ExecuteAsync(PlannedTransfer t, CancellationToken ct)
    {
        await using var connection = await Db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        var (debit, credit, amount) = (t.Debit, t.Credit, t.Amount);
        var resolves = t.Kind is TransferKind.Post or TransferKind.Void;
        if (resolves)
        {
            // Like Jade, trust only the stored hold for accounts and amount; transfers are immutable, so no lock needed.
            if (await ReadHoldAsync(connection, tx, t.PendingId!.Value, ct) is not { } hold) return "pending_transfer_not_found";
            (debit, credit, amount) = hold;
        }

        await using var lockBatch = new NpgsqlBatch(connection, tx);
        var ids = debit.CompareTo(credit) < 0 ? new[] { debit, credit } : [credit, debit];
        lockBatch.BatchCommands.Add(Command(
            $"SELECT id, flags, debits_pending, debits_posted, credits_posted FROM {S}.accounts WHERE id = ANY(@ids) ORDER BY id FOR UPDATE",
            ("ids", ids)));
        if (resolves)
        {
            // Runs after the locks are held, so a concurrent post/void of the same hold has either committed or waits.
            lockBatch.BatchCommands.Add(Command($"SELECT EXISTS (SELECT 1 FROM {S}.transfers WHERE pending_id = @p)", ("p", t.PendingId!.Value)));
        }
        Balance? dr = null;
        var found = 0;
        var resolved = false;
        await using (var reader = await lockBatch.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                found++;
                if (reader.GetGuid(0) == debit) dr = new Balance(reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            }
            if (resolves && await reader.NextResultAsync(ct) && await reader.ReadAsync(ct)) resolved = reader.GetBoolean(0);
        }
        if (found != 2 || dr is null) return "account_not_found";
        if (resolved) return "pending_transfer_already_resolved";

        var (dp, dpo, cp, cpo) = t.Kind switch
        {
            TransferKind.Single => (0L, amount, 0L, amount),
            TransferKind.Pending => (amount, 0L, amount, 0L),
            TransferKind.Post => (-amount, amount, -amount, amount),
            _ => (-amount, 0L, -amount, 0L),
        };
        if ((dr.Flags & DebitsMustNotExceedCredits) != 0 && dr.DebitsPending + dp + dr.DebitsPosted + dpo > dr.CreditsPosted)
        {
            return "exceeds_credits";
        }

        await using var writes = new NpgsqlBatch(connection, tx);
        const string update = "UPDATE {0}.accounts SET debits_pending = debits_pending + @dp, debits_posted = debits_posted + @dpo, " +
            "credits_pending = credits_pending + @cp, credits_posted = credits_posted + @cpo WHERE id = @id";
        writes.BatchCommands.Add(Command(string.Format(null, update, S), ("id", debit), ("dp", dp), ("dpo", dpo), ("cp", 0L), ("cpo", 0L)));
        writes.BatchCommands.Add(Command(string.Format(null, update, S), ("id", credit), ("dp", 0L), ("dpo", 0L), ("cp", cp), ("cpo", cpo)));
        writes.BatchCommands.Add(Command(
            $"INSERT INTO {S}.transfers (id, debit_account_id, credit_account_id, amount, pending_id, flags, timestamp) " +
            $"VALUES (@id, @d, @c, @amount, @pending, @flags, {NowNanos})",
            ("id", t.Id), ("d", debit), ("c", credit), ("amount", amount), ("pending", (object?)t.PendingId ?? DBNull.Value), ("flags", FlagsOf(t.Kind))));
        await writes.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }

    private async Task<(Guid Debit, Guid Credit, long Amount)?> ReadHoldAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid id, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT debit_account_id, credit_account_id, amount FROM {S}.transfers WHERE id = @id AND flags & {Pending} <> 0", c, tx);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetGuid(0), reader.GetGuid(1), reader.GetInt64(2)) : null;
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    private sealed record Balance(int Flags, long DebitsPending, long DebitsPosted, long CreditsPosted);
}
