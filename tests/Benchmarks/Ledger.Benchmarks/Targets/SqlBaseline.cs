using Jade.Ledger.Benchmarks.Workloads;
using Npgsql;

namespace Jade.Ledger.Benchmarks.Targets;

/// <summary>
/// What a raw-SQL baseline shares: its own schema in the benchmark's database with the ledger's core columns and the
/// indexes a ledger needs anyway — history by account ((debit, ts), (credit, ts)) and a hold's resolution
/// (pending_id). Flag bits are TigerBeetle's, as in Jade.
/// </summary>
public abstract class SqlBaseline(NpgsqlDataSource db, string schema) : LedgerTarget
{
    public const int DebitsMustNotExceedCredits = 1 << 1;
    public const int Pending = 1 << 1;
    public const int PostPending = 1 << 2;
    public const int VoidPending = 1 << 3;

    protected NpgsqlDataSource Db => db;
    protected string S => schema;

    /// <summary>SQL for the database clock in nanoseconds, as Jade stamps its transfers.</summary>
    protected const string NowNanos = "(extract(epoch FROM clock_timestamp()) * 1000000000)::bigint";

    public async Task CreateSchemaAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            DROP SCHEMA IF EXISTS {S} CASCADE;
            CREATE SCHEMA {S};
            CREATE TABLE {S}.accounts (
                id uuid PRIMARY KEY, flags int NOT NULL,
                debits_pending bigint NOT NULL DEFAULT 0, debits_posted bigint NOT NULL DEFAULT 0,
                credits_pending bigint NOT NULL DEFAULT 0, credits_posted bigint NOT NULL DEFAULT 0);
            CREATE TABLE {S}.transfers (
                id uuid PRIMARY KEY, debit_account_id uuid NOT NULL, credit_account_id uuid NOT NULL, amount bigint NOT NULL,
                pending_id uuid, flags int NOT NULL, timestamp bigint NOT NULL);
            CREATE INDEX ix_{S}_transfers_debit ON {S}.transfers (debit_account_id, timestamp);
            CREATE INDEX ix_{S}_transfers_credit ON {S}.transfers (credit_account_id, timestamp);
            CREATE INDEX ix_{S}_transfers_pending ON {S}.transfers (pending_id) WHERE pending_id IS NOT NULL;
            """);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Opening balances are written straight into credits_posted: how they got there is not under test.</summary>
    public override async Task SetUpAsync(AccountSet accounts, CancellationToken ct)
    {
        foreach (var chunk in accounts.Accounts.Chunk(50_000))
        {
            await using var command = db.CreateCommand(
                $"INSERT INTO {S}.accounts (id, flags, credits_posted) SELECT * FROM unnest(@id, @flags, @funds)");
            command.Parameters.AddWithValue("id", chunk.Select(a => a.Id).ToArray());
            command.Parameters.AddWithValue("flags", chunk.Select(a => a.NoOverdraft ? DebitsMustNotExceedCredits : 0).ToArray());
            command.Parameters.AddWithValue("funds", chunk.Select(a => a.Funds).ToArray());
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    public override async Task<(long Bytes, long Transfers)> StorageAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand(
            $"SELECT pg_total_relation_size('{S}.transfers'), (SELECT count(*) FROM {S}.transfers)");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    protected static int FlagsOf(TransferKind kind) => kind switch
    {
        TransferKind.Pending => Pending,
        TransferKind.Post => PostPending,
        TransferKind.Void => VoidPending,
        _ => 0,
    };
}
