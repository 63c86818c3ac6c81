using System.Runtime.InteropServices;
using Npgsql;

namespace Jade.Benchmarks;

/// <summary>What the figures depend on, printed above them: a TPS figure without its machine means little.</summary>
public sealed record MachineInfo(
    int Cores, string Cpu, string Os, string Runtime, string Gc, string Postgres,
    string Fsync, string SynchronousCommit, string SharedBuffers, string WalSyncMethod, string FullPageWrites, string LoadAtStart)
{
    /// <summary>
    /// The 1/5/15-minute load averages: other work on the machine (a build, a test run) shows up in every figure, so
    /// the report says how busy the machine was.
    /// </summary>
    public static string LoadAverage()
    {
        const string loadavg = "/proc/loadavg";
        return File.Exists(loadavg) ? string.Join(" / ", File.ReadAllText(loadavg).Split(' ').Take(3)) : "n/a";
    }

    public static async Task<MachineInfo> ReadAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var command = db.CreateCommand(
            "SELECT version(), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('shared_buffers'), " +
            "current_setting('wal_sync_method'), current_setting('full_page_writes')");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new MachineInfo(
            Environment.ProcessorCount,
            CpuModel(),
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
            reader.GetString(0).Split(" on ")[0],
            reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            LoadAverage());
    }

    private static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        var line = File.Exists(cpuinfo) ? File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
