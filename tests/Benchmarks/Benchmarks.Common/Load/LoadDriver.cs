using System.Collections.Concurrent;
using System.Diagnostics;

namespace Jade.Benchmarks;

/// <summary>Sends request <c>i</c> and answers what became of it: an outcome ("approve") or a failure ("HTTP 503").</summary>
public delegate Task<string> SendRequest(int index, CancellationToken ct);

/// <summary>One timed run of a load driver.</summary>
public sealed record LoadResult(
    string Name,
    string Mode,
    int Offered,
    int Completed,
    TimeSpan Elapsed,
    Latencies Latency,
    Latencies FromSchedule,
    Latencies DispatchLag,
    IReadOnlyDictionary<string, int> Outcomes)
{
    /// <summary>CPU in use during the run: machine, this process, PostgreSQL.</summary>
    public CpuSplit? Cpu { get; init; }

    /// <summary>Requests answered per second of wall time (first send to last answer).</summary>
    public double Throughput => Completed / Elapsed.TotalSeconds;

    public int Failed => Outcomes.Where(o => !IsOutcome(o.Key)).Sum(o => o.Value);

    /// <summary>Screenings answered with a decision (approve, review or decline).</summary>
    public int Decided => Outcomes.Where(o => IsOutcome(o.Key) && o.Key != "inserted").Sum(o => o.Value);

    /// <summary>Share of the decided screenings with this outcome.</summary>
    public double Share(string outcome) => Decided == 0 ? double.NaN : (double)Outcomes.GetValueOrDefault(outcome) / Decided;

    /// <summary>What the service answered, as opposed to a failure: an HTTP error ("HTTP 503") or an exception ("Type: message").</summary>
    public static bool IsOutcome(string key) => !key.StartsWith("HTTP ", StringComparison.Ordinal) && !key.Contains(':', StringComparison.Ordinal);
}

/// <summary>
/// Two ways to offer load. <see cref="OpenLoopAsync"/>: a fixed arrival rate, request <c>i</c> due at
/// <c>i / rate</c> seconds whether or not earlier ones have answered — what callers do to a service in production,
/// and the only way a slow answer cannot hide the queue behind it. <see cref="ClosedLoopAsync"/>: <c>callers</c>
/// tasks each send their next request when the previous one answered (the ledger benchmark's driver), which finds
/// the maximum rate.
/// </summary>
public static class LoadDriver
{
    /// <summary>
    /// A dedicated thread releases every request that is due, then sleeps a millisecond (spinning would take one of
    /// the two cores from the system under test). Latency is measured from the moment a request is handed to the
    /// client; from-schedule latency adds the wait for the dispatcher, so a generator that falls behind shows there
    /// (and in the dispatch lag) rather than flattering the service.
    /// </summary>
    public static async Task<LoadResult> OpenLoopAsync(string name, SendRequest send, int count, double rate, CancellationToken ct)
    {
        var latency = new double[count];
        var fromSchedule = new double[count];
        var lag = new double[count];
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var tasks = new Task[count];
        var frequency = Stopwatch.Frequency;
        var interval = frequency / rate;
        var start = Stopwatch.GetTimestamp();
        long lastDone = start;

        async Task OneAsync(int i, long due)
        {
            var sent = Stopwatch.GetTimestamp();
            lag[i] = (sent - due) * 1000.0 / frequency;
            string outcome;
            try
            {
                outcome = await send(i, ct);
            }
            catch (Exception e) when (IsFailure(e, ct))
            {
                outcome = $"{e.GetType().Name}: {e.Message[..Math.Min(e.Message.Length, 120)]}";
            }
            var done = Stopwatch.GetTimestamp();
            latency[i] = (done - sent) * 1000.0 / frequency;
            fromSchedule[i] = (done - due) * 1000.0 / frequency;
            outcomes.AddOrUpdate(outcome, 1, (_, c) => c + 1);
            InterlockedMax(ref lastDone, done);
        }

        var dispatcher = new Thread(() =>
        {
            for (var i = 0; i < count && !ct.IsCancellationRequested; i++)
            {
                var due = start + (long)(i * interval);
                while (Stopwatch.GetTimestamp() < due) Thread.Sleep(1);
                var index = i;
                tasks[i] = Task.Run(() => OneAsync(index, due), CancellationToken.None);
            }
        })
        { IsBackground = true, Name = $"open-loop {name}", Priority = ThreadPriority.AboveNormal };
        dispatcher.Start();
        await Task.Run(dispatcher.Join, CancellationToken.None);
        var started = tasks.TakeWhile(t => t is not null).ToArray();
        await Task.WhenAll(started);

        var n = started.Length;
        return new LoadResult(name, $"open loop, {rate:N0}/s", count, n, Stopwatch.GetElapsedTime(start, lastDone),
            new Latencies(latency.Take(n)), new Latencies(fromSchedule.Take(n)), new Latencies(lag.Take(n)),
            new Dictionary<string, int>(outcomes, StringComparer.Ordinal));
    }

    /// <summary>Closed loop for at most <paramref name="duration"/> or until the prepared requests run out.</summary>
    public static async Task<LoadResult> ClosedLoopAsync(string name, SendRequest send, int available, int callers, TimeSpan duration, CancellationToken ct)
    {
        var latency = new double[available];
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var next = -1;
        var completed = 0;
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        async Task CallerAsync()
        {
            // Yield first, so all callers start together instead of the first one running inline to the end.
            await Task.Yield();
            while (!ct.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= available) return;
                var sent = Stopwatch.GetTimestamp();
                string outcome;
                try
                {
                    outcome = await send(i, ct);
                }
                catch (Exception e) when (IsFailure(e, ct))
                {
                    outcome = $"{e.GetType().Name}: {e.Message[..Math.Min(e.Message.Length, 120)]}";
                }
                latency[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                outcomes.AddOrUpdate(outcome, 1, (_, c) => c + 1);
                Interlocked.Increment(ref completed);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => CallerAsync()));
        var elapsed = Stopwatch.GetElapsedTime(start);
        var done = Math.Min(available, Volatile.Read(ref completed));
        return new LoadResult(name, $"closed loop, {callers} callers", available, done, elapsed,
            new Latencies(latency.Take(done)), Latencies.Empty, Latencies.Empty,
            new Dictionary<string, int>(outcomes, StringComparer.Ordinal));
    }

    /// <summary>A request that failed (counted by reason), as opposed to the run being cancelled.</summary>
    private static bool IsFailure(Exception e, CancellationToken ct) =>
        e is HttpRequestException or IOException or TimeoutException or Npgsql.NpgsqlException
        || (e is TaskCanceledException && !ct.IsCancellationRequested);

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }
}
