using Npgsql;

namespace Jade.Risk.Benchmarks.ColdStart;

/// <summary>
/// Fills a migrated risk database with a week of decisions for a restart to replay, without running the scoring
/// load first: spread evenly over the last six days, paid by 100,000 customers from 120,000 devices, a quarter of
/// them P2P to other customers, 2 % sent to review and 0.5 % declined (which a replay skips). The shape matters less
/// than the count: the replay reads every row and records every approved or reviewed one.
/// </summary>
public static class DecisionWeek
{
    public static async Task SeedAsync(string connectionString, int count, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {RiskDb.Schema}.decisions (id, transaction_id, type, amount, currency, payer_id, payee_id, channel, device_id,
                                                   ip_address, occurred_at, decided_at, outcome, score, model_score, model_version,
                                                   reasons, shadow_reasons)
            SELECT gen_random_uuid(), gen_random_uuid(), (ARRAY['p2p', 'payment', 'withdrawal', 'topup'])[1 + i % 4],
                   100 + (i::bigint * 7919) % 500000, 'CNY', md5('payer' || i % 100000)::uuid,
                   CASE WHEN i % 4 = 0 THEN md5('payer' || (i::bigint * 31) % 100000)::uuid END, 'app', 'device-' || i % 120000,
                   '10.' || i % 250 || '.' || (i / 250) % 250 || '.1',
                   now() - interval '6 days' + (i * interval '6 days' / $1), now(),
                   CASE WHEN i % 200 = 0 THEN 'decline' WHEN i % 50 = 0 THEN 'review' ELSE 'approve' END,
                   10, 0.01, 'bench', '[]', '[]'
              FROM generate_series(1, $1) AS i
            """, connection) { CommandTimeout = 600 };
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        await command.ExecuteNonQueryAsync(ct);
        await using var analyze = new NpgsqlCommand($"ANALYZE {RiskDb.Schema}.decisions", connection);
        await analyze.ExecuteNonQueryAsync(ct);
    }
}
