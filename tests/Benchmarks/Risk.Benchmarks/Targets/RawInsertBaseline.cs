using Jade.Risk.Benchmarks.Traffic;
using Npgsql;
using NpgsqlTypes;

namespace Jade.Risk.Benchmarks.Targets;

/// <summary>
/// The floor under any durable answer: per request one single-row INSERT of the decision-shaped row, committed on
/// its own (autocommit: one round trip, one WAL flush, synchronous_commit as the server has it), on a pooled
/// connection straight from this process. No HTTP, no JSON, no screening. The table has the columns and indexes of
/// <c>risk.decisions</c> (primary key, unique transaction id, payer+time, occurred, decided, GIN on shadow reasons),
/// in schema <c>bench_raw</c> of the benchmark database.
/// </summary>
public sealed class RawInsertBaseline(string connectionString) : IAsyncDisposable
{
    private const string Reasons = "[]";

    // Each statement is prepared on each pooled connection after its first use; no reset on return to the pool.
    private readonly NpgsqlDataSource _db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
    {
        MaxAutoPrepare = 8,
        AutoPrepareMinUsages = 1,
        NoResetOnClose = true,
        MaxPoolSize = 200,
    }.ConnectionString);

    public async Task CreateSchemaAsync(CancellationToken ct)
    {
        await using var command = _db.CreateCommand("""
            DROP SCHEMA IF EXISTS bench_raw CASCADE;
            CREATE SCHEMA bench_raw;
            CREATE TABLE bench_raw.decisions (
                id uuid PRIMARY KEY, transaction_id uuid NOT NULL, type text NOT NULL, amount bigint NOT NULL,
                currency character(3) NOT NULL, payer_id uuid NOT NULL, payee_id uuid, payee_name text, channel text NOT NULL,
                device_id text, ip_address text, occurred_at timestamptz NOT NULL, decided_at timestamptz NOT NULL,
                outcome text NOT NULL, score int NOT NULL, model_score real NOT NULL, model_version text NOT NULL,
                reasons jsonb NOT NULL, shadow_reasons jsonb NOT NULL, case_id uuid);
            CREATE UNIQUE INDEX ON bench_raw.decisions (transaction_id);
            CREATE INDEX ON bench_raw.decisions (payer_id, occurred_at);
            CREATE INDEX ON bench_raw.decisions (occurred_at);
            CREATE INDEX ON bench_raw.decisions (decided_at);
            CREATE INDEX ON bench_raw.decisions USING gin (shadow_reasons jsonb_path_ops);
            """);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<string> InsertAsync(ScreeningBody tx, CancellationToken ct)
    {
        await using var connection = await _db.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("""
            INSERT INTO bench_raw.decisions (id, transaction_id, type, amount, currency, payer_id, payee_id, payee_name, channel,
                device_id, ip_address, occurred_at, decided_at, outcome, score, model_score, model_version, reasons, shadow_reasons, case_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'approve', 0, 0, 'bench', $14, $14, NULL)
            """, connection);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
        p.Add(new NpgsqlParameter<Guid> { TypedValue = tx.TransactionId });
        p.Add(new NpgsqlParameter<string> { TypedValue = tx.Type });
        p.Add(new NpgsqlParameter<long> { TypedValue = tx.Amount });
        p.Add(new NpgsqlParameter<string> { TypedValue = tx.Currency });
        p.Add(new NpgsqlParameter<Guid> { TypedValue = tx.PayerId });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = (object?)tx.PayeeId ?? DBNull.Value });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)tx.PayeeName ?? DBNull.Value });
        p.Add(new NpgsqlParameter<string> { TypedValue = tx.Channel });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)tx.DeviceId ?? DBNull.Value });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)tx.IpAddress ?? DBNull.Value });
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = tx.OccurredAt });
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow });
        p.Add(new NpgsqlParameter<string> { TypedValue = Reasons, NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync(ct);
        return "inserted";
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
