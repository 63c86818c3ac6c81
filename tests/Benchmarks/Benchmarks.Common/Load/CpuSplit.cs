using System.Globalization;
using Npgsql;

namespace Jade.Benchmarks;

/// <summary>
/// CPU during a run as a share of all cores: the whole machine, this process (the in-process service plus the load
/// generator, which share it) and PostgreSQL (the benchmark database's backends plus the server's own processes:
/// WAL writer, checkpointer…), and the services when they run as processes of their own. Other = machine − those:
/// other engineers' builds and tests, RabbitMQ, the kernel.
/// Also this process's methods compiled by the JIT per second (near zero once tiering has settled: a run that still
/// compiles is measuring a warm-up) and the share of the run its garbage collections paused every thread.
/// </summary>
public sealed record CpuSplit(double Machine, double ThisProcess, double Postgres, double JitMethodsPerSecond, double GcPauseShare, int GcCount, double WallSeconds)
{
    /// <summary>The service processes the benchmark started (zero when the services run in this process).</summary>
    public double Services { get; init; }

    public double Other => Math.Max(0, Machine - ThisProcess - Services - Postgres);

    /// <summary>The share and how it was spent: many short pauses leave the tail alone, a few long ones are the tail.</summary>
    public string GcPauses => GcCount == 0
        ? $"{GcPauseShare:P1}"
        : $"{GcPauseShare:P1} ({GcCount:N0} GCs, mean {GcPauseShare * WallSeconds * 1000 / GcCount:N1} ms)";
}

/// <summary>
/// Wraps the ledger benchmark's <see cref="CpuProbe"/> (machine, this process) and adds PostgreSQL, read from
/// <c>/proc/&lt;pid&gt;/stat</c> of the backends <c>pg_stat_activity</c> lists for the benchmark database and of the
/// server's background processes (those without a database). Backends that exit during the run are not counted.
/// </summary>
public sealed class CpuSplitProbe
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on
    private readonly NpgsqlDataSource _db;
    private readonly CpuProbe _probe;
    private readonly Dictionary<int, long> _start;
    private readonly DateTime _startedAt = DateTime.UtcNow;
    private readonly long _jitStart = System.Runtime.JitInfo.GetCompiledMethodCount();
    private readonly TimeSpan _pauseStart = GC.GetTotalPauseDuration();
    private readonly int _collectionsStart = GC.CollectionCount(0);
    private readonly IReadOnlyCollection<int> _services;
    private readonly Dictionary<int, long> _servicesStart;

    private CpuSplitProbe(NpgsqlDataSource db, Dictionary<int, long> start, IReadOnlyCollection<int> services)
    {
        _db = db;
        _start = start;
        _services = services;
        _servicesStart = Read(services);
        _probe = new CpuProbe();
    }

    /// <param name="services">Process ids of services the benchmark runs as processes of their own.</param>
    public static async Task<CpuSplitProbe> StartAsync(NpgsqlDataSource db, CancellationToken ct, IReadOnlyCollection<int>? services = null) =>
        new(db, Read(await PostgresPidsAsync(db, ct)), services ?? []);

    public async Task<CpuSplit> StopAsync(CancellationToken ct)
    {
        var use = _probe.Stop();
        var wall = (DateTime.UtcNow - _startedAt).TotalSeconds;
        var end = Read(await PostgresPidsAsync(_db, ct));
        var postgres = Share(end, _start, wall);
        var services = Share(Read(_services), _servicesStart, wall);
        var jit = (System.Runtime.JitInfo.GetCompiledMethodCount() - _jitStart) / wall;
        var paused = (GC.GetTotalPauseDuration() - _pauseStart).TotalSeconds / wall;
        // Gen0 counts every collection: a gen1 or gen2 collection also collects gen0.
        return new CpuSplit(use.MachineBusy, use.ThisProcess, postgres, jit, paused, GC.CollectionCount(0) - _collectionsStart, wall) { Services = services };
    }

    private static double Share(Dictionary<int, long> end, Dictionary<int, long> start, double wall) => File.Exists("/proc/stat")
        ? end.Sum(p => p.Value - start.GetValueOrDefault(p.Key)) / TicksPerSecond / (wall * Environment.ProcessorCount)
        : double.NaN;

    private static async Task<List<int>> PostgresPidsAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var command = db.CreateCommand(
            "SELECT pid FROM pg_stat_activity WHERE (datname = current_database() OR datname IS NULL) AND pid <> pg_backend_pid()");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var pids = new List<int>();
        while (await reader.ReadAsync(ct)) pids.Add(reader.GetInt32(0));
        return pids;
    }

    /// <summary>utime + stime in clock ticks per pid; fields 14 and 15 of /proc/pid/stat, counted after the ")" of the name.</summary>
    public static Dictionary<int, long> Read(IEnumerable<int> pids)
    {
        var ticks = new Dictionary<int, long>();
        foreach (var pid in pids)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Exited, or not visible (PostgreSQL on another machine): not counted.
            }
        }
        return ticks;
    }
}
