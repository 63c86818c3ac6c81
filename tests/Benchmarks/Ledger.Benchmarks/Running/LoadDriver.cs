using System.Diagnostics;
using Jade.Ledger.Benchmarks.Targets;
using Jade.Ledger.Benchmarks.Workloads;

namespace Jade.Ledger.Benchmarks.Running;

/// <summary>
/// Closed-loop load: <c>callers</c> tasks each take the next request as soon as their previous one answered, so the
/// system is never offered more than that many requests at once. TPS is transfers over the wall time of the phase.
/// </summary>
public static class LoadDriver
{
    public static async Task<Measurement> RunAsync(
        string workload, LedgerTarget target, IReadOnlyList<Phase> phases, int callers, int transferLimit, CancellationToken ct)
    {
        var measured = new List<Measurement>();
        foreach (var phase in phases)
        {
            // Serializing Jade's JSON bodies is the client's business, not the ledger's: done before the clock starts.
            var prepared = Cut(phase.Requests, transferLimit).Select(target.Prepare).ToArray();
            measured.Add(await RunPhaseAsync(workload, target, prepared, callers, ct));
        }
        return Measurement.Combine(measured);
    }

    /// <summary>The leading requests holding at most <paramref name="limit"/> transfers, the last one shortened to fit.</summary>
    private static IEnumerable<Request> Cut(IReadOnlyList<Request> requests, int limit)
    {
        var left = limit;
        foreach (var request in requests)
        {
            if (left <= 0) yield break;
            yield return request.Transfers.Count <= left ? request : new Request([.. request.Transfers.Take(left)]);
            left -= request.Transfers.Count;
        }
    }

    private static async Task<Measurement> RunPhaseAsync(
        string workload, LedgerTarget target, PreparedRequest[] requests, int callers, CancellationToken ct)
    {
        var latencies = new double[requests.Length];
        var notCreated = 0;
        var next = -1;
        target.TakeFailures();

        async Task CallerAsync()
        {
            // Yield first, so all callers start together instead of the first one running inline to the end.
            await Task.Yield();
            for (var i = Interlocked.Increment(ref next); i < requests.Length; i = Interlocked.Increment(ref next))
            {
                var start = Stopwatch.GetTimestamp();
                var failed = await target.SubmitAsync(requests[i], ct);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (failed > 0) Interlocked.Add(ref notCreated, failed);
            }
        }

        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Math.Min(callers, Math.Max(1, requests.Length))).Select(_ => CallerAsync()));
        wall.Stop();
        return new Measurement(workload, target.Name, callers, requests.Sum(r => r.Request.Transfers.Count), wall.Elapsed, latencies,
            notCreated, target.TakeFailures());
    }
}
