using Jade.Benchmarks;
using Jade.Testing;

namespace Jade.Payments.Benchmarks;

/// <summary>
/// Each service process during a run: its CPU (from <c>/proc/&lt;pid&gt;/stat</c>, as a share of all cores) and its garbage
/// collections (from the runtime metrics on its own <c>/metrics</c>: collections and total pause). With a heap per
/// service a pause stops that service only, and the CPU split says which service a transfer's cost goes to.
/// </summary>
internal sealed class ServiceProbe
{
    private const double TicksPerSecond = 100; // USER_HZ, as CpuSplitProbe reads it
    private const string Collections = "dotnet_gc_collections_total";
    private const string Pause = "dotnet_gc_pause_time_seconds_total";
    private readonly IReadOnlyList<(string Name, ServiceProcess Process)> _services;
    private readonly Dictionary<string, Sample> _start;
    private readonly DateTime _startedAt = DateTime.UtcNow;

    private sealed record Sample(long CpuTicks, double Collections, double PauseSeconds);

    private ServiceProbe(IReadOnlyList<(string, ServiceProcess)> services, Dictionary<string, Sample> start)
    {
        _services = services;
        _start = start;
    }

    public static async Task<ServiceProbe> StartAsync(IReadOnlyList<(string Name, ServiceProcess Process)> services) =>
        new(services, await ReadAsync(services));

    /// <returns>Per service: CPU share of all cores, then the share of the run it was paused, collections and their mean pause.</returns>
    public async Task<string> StopAsync()
    {
        var wall = (DateTime.UtcNow - _startedAt).TotalSeconds;
        var end = await ReadAsync(_services);
        return string.Join(" · ", _services.Select(s =>
        {
            var (from, to) = (_start[s.Name], end[s.Name]);
            var cpu = (to.CpuTicks - from.CpuTicks) / TicksPerSecond / (wall * Environment.ProcessorCount);
            var (count, seconds) = (to.Collections - from.Collections, to.PauseSeconds - from.PauseSeconds);
            var gc = count == 0 ? "no GC" : $"GC {seconds / wall:P1} ({count:N0}, mean {seconds * 1000 / count:N1} ms)";
            return $"{s.Name} {cpu:P0}, {gc}";
        }));
    }

    private static async Task<Dictionary<string, Sample>> ReadAsync(IReadOnlyList<(string Name, ServiceProcess Process)> services)
    {
        var read = new Dictionary<string, Sample>();
        foreach (var (name, process) in services)
        {
            using var client = new HttpClient { BaseAddress = process.BaseAddress };
            var scrape = await MetricsScrape.FromAsync(client);
            read[name] = new Sample(CpuSplitProbe.Read([process.Id]).GetValueOrDefault(process.Id), scrape.Find(Collections).Sum(s => s.Value),
                scrape.Find(Pause).Sum(s => s.Value));
        }
        return read;
    }
}
