using System.Diagnostics;

namespace Jade.Benchmarks;

/// <summary>
/// CPU used during a run, as a share of all cores: by the whole machine (from <c>/proc/stat</c>) and by this process
/// (the load generator, plus the Jade service when Jade runs). A machine near 100% is CPU-bound, whatever else it waits on.
/// </summary>
public sealed record CpuUse(double MachineBusy, double ThisProcess);

public sealed class CpuProbe
{
    private readonly TimeSpan _process = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly (long Busy, long Total)? _machine = ReadMachine();
    private readonly long _start = Stopwatch.GetTimestamp();

    public CpuUse Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_start);
        var process = Process.GetCurrentProcess().TotalProcessorTime - _process;
        var machine = ReadMachine() is { } end && _machine is { } start && end.Total > start.Total
            ? (double)(end.Busy - start.Busy) / (end.Total - start.Total)
            : double.NaN;
        return new CpuUse(machine, process / (wall * Environment.ProcessorCount));
    }

    /// <summary>Jiffies of all CPUs: busy (all but idle and iowait) and total.</summary>
    private static (long Busy, long Total)? ReadMachine()
    {
        const string stat = "/proc/stat";
        if (!File.Exists(stat)) return null;
        var fields = File.ReadLines(stat).First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        return (total - fields[3] - fields[4], total);
    }
}
