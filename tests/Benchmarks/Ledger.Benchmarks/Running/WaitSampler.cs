using Npgsql;

namespace Jade.Ledger.Benchmarks.Running;

/// <summary>
/// Samples what the benchmark database's backends are doing (<c>pg_stat_activity</c>) every few milliseconds while a
/// run is timed: waiting for a row lock, for the WAL fsync of a commit, on CPU, or idle inside a transaction — that
/// last one is time the application holds a transaction open between statements (its round trips and its own work).
/// Only one system runs at a time, so all backends but the sampler's are the system under test.
/// </summary>
public sealed record Activity(IReadOnlyDictionary<string, int> Counts, int Ticks)
{
    public static Activity None { get; } = new(new Dictionary<string, int>(), 0);

    /// <summary>Backends busy (not idle) at an average sample: how many transactions were in progress.</summary>
    public double AverageBusy => Ticks == 0 ? 0 : (double)Counts.Values.Sum() / Ticks;

    /// <summary>The largest shares of busy-backend samples, e.g. "pg: Lock:transactionid 61%".</summary>
    public IEnumerable<(string Activity, double Share)> Top(int n)
    {
        var total = Counts.Values.Sum();
        return total == 0 ? [] : Counts.OrderByDescending(c => c.Value).Take(n).Select(c => (c.Key, (double)c.Value / total));
    }
}

public sealed class WaitSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private int _ticks;

    private WaitSampler(NpgsqlDataSource db) => _loop = Task.Run(() => LoopAsync(db));

    public static WaitSampler Start(NpgsqlDataSource db) => new(db);

    /// <summary>Samples per activity, over all backends and samples.</summary>
    public async Task<Activity> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return new Activity(_counts, _ticks);
    }

    private async Task LoopAsync(NpgsqlDataSource db)
    {
        try
        {
            await using var connection = await db.OpenConnectionAsync(_stop.Token);
            await using var command = new NpgsqlCommand("""
                SELECT CASE
                         WHEN state = 'idle in transaction' THEN 'app: idle in transaction'
                         WHEN wait_event IS NULL THEN 'pg: on CPU'
                         ELSE 'pg: ' || wait_event_type || ':' || wait_event END, count(*)::int
                FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                  AND state <> 'idle'
                GROUP BY 1
                """, connection);
            await command.PrepareAsync(_stop.Token);
            using var timer = new PeriodicTimer(Interval);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                _ticks++;
                await using var reader = await command.ExecuteReaderAsync(_stop.Token);
                while (await reader.ReadAsync(_stop.Token))
                {
                    var activity = reader.GetString(0);
                    _counts[activity] = _counts.GetValueOrDefault(activity) + reader.GetInt32(1);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped: the counts so far are the result.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
