using System.Globalization;
using Jade.Risk.Benchmarks.ColdStart;
using Jade.Risk.Benchmarks.Hosting;
using Jade.Risk.Benchmarks.Reporting;
using Jade.Risk.Benchmarks.Sanctions;
using Jade.Risk.Benchmarks.Targets;
using Jade.Risk.Benchmarks.Traffic;
using Jade.Testing;
using Npgsql;

namespace Jade.Risk.Benchmarks.Running;

/// <summary>
/// One invocation: the sanctions matcher first (CPU only, on a quiet machine), then the risk service in-process on a
/// fresh database for the scoring run (Jade, then the raw-insert baseline, at the same rate) and the throughput run,
/// then the cold starts — against a fresh database, and against the benchmark's, which by then holds every decision
/// of the runs to replay. Databases and vhosts are dropped at the end.
/// </summary>
public sealed class RiskBenchmarkRun(RiskBenchOptions options)
{
    /// <summary>The closed loop gets this many prepared requests per second of its duration at most.</summary>
    private const int MaxClosedLoopRate = 10_000;

    public async Task<RiskReport> RunAsync(CancellationToken ct)
    {
        var report = new RiskReport { Options = options };
        await using (var postgres = NpgsqlDataSource.Create(LocalInfrastructure.PostgresAdmin))
        {
            report.Machine = await MachineInfo.ReadAsync(postgres, ct);
        }

        if (options.Runs("sanctions"))
        {
            await PartAsync(report, "sanctions", () =>
            {
                Progress.Log("sanctions: loading the bundled OFAC list");
                report.Sanctions = SanctionsBench.Run(options, ct);
                return Task.CompletedTask;
            });
        }

        if (options.Runs("scoring") || options.Runs("throughput"))
        {
            await PartAsync(report, "scoring/throughput", () => ServiceRunsAsync(report, ct));
        }

        if (options.Runs("coldstart"))
        {
            await PartAsync(report, "cold start (fresh database)", async () =>
            {
                await using var database = await TestDatabase.CreateAsync(RiskDb.Schema);
                await using var vhost = await TestVirtualHost.CreateAsync();
                Progress.Log($"cold start: database {database.Name}, vhost {vhost.Name}");
                const string label = "fresh database (first start migrates it)";
                var connection = database.ConnectionString(RiskDb.Schema);
                report.ColdStarts.Insert(0, await ColdStartBench.RunAsync(ColdStartBench.BuildOutput(), label, connection, vhost.AmqpUri, options.ColdStarts, ct));
                var folder = Directory.CreateTempSubdirectory("jade-risk-r2r-").FullName;
                try
                {
                    Progress.Log("cold start: publishing Risk.Api ReadyToRun (a minute or two)");
                    var published = await ColdStartBench.PublishReadyToRunAsync(folder, ct);
                    report.ColdStarts.Insert(1, await ColdStartBench.RunAsync(published, label, connection, vhost.AmqpUri, options.ColdStarts, ct));
                    if (options.WeekDecisions > 0)
                    {
                        Progress.Log($"cold start: seeding a week of {options.WeekDecisions:N0} decisions");
                        var admin = new NpgsqlConnectionStringBuilder(LocalInfrastructure.PostgresAdmin) { Database = database.Name }.ConnectionString;
                        await DecisionWeek.SeedAsync(admin, options.WeekDecisions, ct);
                        var week = $"a seeded week, {options.WeekDecisions:N0} decisions to replay";
                        var starts = Math.Min(3, options.ColdStarts);
                        report.ColdStarts.Insert(2, await ColdStartBench.RunAsync(ColdStartBench.BuildOutput(), week, connection, vhost.AmqpUri, starts, ct));
                        report.ColdStarts.Insert(3, await ColdStartBench.RunAsync(published, week, connection, vhost.AmqpUri, starts, ct));
                    }
                }
                finally
                {
                    Directory.Delete(folder, recursive: true);
                }
            });
        }

        report.LoadAtEnd = MachineInfo.LoadAverage();
        Progress.Log("done");
        return report;
    }

    /// <summary>Runs one part; a failure is reported (and the run goes on), a cancellation ends the run.</summary>
    private static async Task PartAsync(RiskReport report, string part, Func<Task> run)
    {
        try
        {
            await run();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Progress.Log($"{part} failed: {e}");
            report.Failures.Add($"{part}: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
    }

    private async Task ServiceRunsAsync(RiskReport report, CancellationToken ct)
    {
        Progress.Log("starting the risk service (fresh database, Kestrel on loopback)");
        await using var host = await RiskHost.StartAsync();
        Progress.Log($"risk service ready: database {host.Database.Name}, vhost {host.VirtualHost.Name}");
        var admin = new NpgsqlConnectionStringBuilder(LocalInfrastructure.PostgresAdmin) { Database = host.Database.Name }.ConnectionString;
        await using var db = NpgsqlDataSource.Create(admin);
        using var client = new ScreeningClient(host);

        if (options.Runs("scoring")) await ScoringAsync(report, client, db, admin, ct);
        if (options.Runs("throughput")) await ThroughputAsync(report, client, db, ct);
        report.DecisionsRecorded = await ScalarAsync(db, $"SELECT count(*) FROM {RiskDb.Schema}.decisions", ct);

        if (options.Runs("coldstart"))
        {
            // Everything the runs decided is within the last 7 days: a restart replays all of it.
            await PartAsync(report, "cold start (benchmark database)", async () => report.ColdStarts.Add(await ColdStartBench.RunAsync(
                ColdStartBench.BuildOutput(), $"benchmark database, {report.DecisionsRecorded:N0} decisions to replay", host.Database.ConnectionString(RiskDb.Schema),
                host.VirtualHost.AmqpUri, Math.Min(3, options.ColdStarts), ct)));
        }
        Progress.Log("dropping the benchmark database");
    }

    // Tiered compilation on two busy cores does not always settle within the warm-up (2 of 9 runs on 2026-11-27 still
    // compiled 180-197 methods/s in the timed run, and measured the JIT): warm up in 5 s slices, up to 30 s more,
    // until the JIT rate is back to the ~10-15 methods/s of a settled service.
    private const int SettleSliceSeconds = 5;
    private const int MaxSettleSlices = 6;
    private const double SettledJitRate = 25;

    private async Task ScoringAsync(RiskReport report, ScreeningClient client, NpgsqlDataSource db, string admin, CancellationToken ct)
    {
        var population = new Population(options.Customers, options.Seed);
        var warmupCount = (int)(options.Rate * options.WarmupSeconds);
        var timedCount = (int)(options.Rate * options.ScoringSeconds);

        var settleCount = (int)(options.Rate * SettleSliceSeconds);
        var settleSlices = options.Quick ? 0 : MaxSettleSlices;
        var generated = warmupCount + settleSlices * settleCount + timedCount;
        Progress.Log($"scoring: generating {generated:N0} screenings from {options.Customers:N0} customers");
        var jade = new ScreeningTraffic(population, options.Seed).Generate(generated, options.Rate, DateTimeOffset.UtcNow);
        Progress.Log($"scoring Jade: warm-up, {options.WarmupSeconds:N0} s at {options.Rate:N0}/s");
        var warmup = await LoadDriver.OpenLoopAsync("Jade warm-up", (i, c) => client.ScreenAsync(jade[i], c), warmupCount, options.Rate, ct);
        LogFailures(warmup);
        report.Answered += warmup.Decided;
        var timedFrom = warmupCount;
        for (var slice = 0; slice < settleSlices; slice++)
        {
            var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var from = timedFrom;
            var settling = await LoadDriver.OpenLoopAsync("Jade warm-up (JIT settling)", (i, c) => client.ScreenAsync(jade[from + i], c),
                settleCount, options.Rate, ct);
            LogFailures(settling);
            report.Answered += settling.Decided;
            timedFrom += settleCount;
            var jitRate = (System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore) / clock.Elapsed.TotalSeconds;
            if (jitRate <= SettledJitRate) break;
            Progress.Log($"scoring Jade: the JIT still compiles {jitRate:N0} methods/s, {SettleSliceSeconds} s more warm-up");
        }
        var first = timedFrom;
        report.ScoringJade = await TimedAsync(db, () => LoadDriver.OpenLoopAsync(
            "Jade", (i, c) => client.ScreenAsync(jade[first + i], c), timedCount, options.Rate, ct), ct);
        report.Answered += report.ScoringJade.Decided;

        await using var raw = new RawInsertBaseline(admin);
        await raw.CreateSchemaAsync(ct);
        var rows = new ScreeningTraffic(population, options.Seed + 1).Generate(warmupCount + timedCount, options.Rate, DateTimeOffset.UtcNow);
        Progress.Log($"scoring raw insert: warm-up, {options.WarmupSeconds:N0} s at {options.Rate:N0}/s");
        LogFailures(await LoadDriver.OpenLoopAsync("raw insert warm-up", (i, c) => raw.InsertAsync(rows[i].Body, c), warmupCount, options.Rate, ct));
        report.ScoringRaw = await TimedAsync(db, () => LoadDriver.OpenLoopAsync(
            "Raw INSERT + COMMIT", (i, c) => raw.InsertAsync(rows[warmupCount + i].Body, c), timedCount, options.Rate, ct), ct);
    }

    private async Task ThroughputAsync(RiskReport report, ScreeningClient client, NpgsqlDataSource db, CancellationToken ct)
    {
        var population = new Population(options.ThroughputCustomers, options.Seed + 7);
        var traffic = new ScreeningTraffic(population, options.Seed + 7);
        var warmupCount = (int)(MaxClosedLoopRate * options.WarmupSeconds);
        var available = (int)(MaxClosedLoopRate * options.ThroughputSeconds);
        Progress.Log($"throughput: generating {warmupCount + available:N0} screenings from {options.ThroughputCustomers:N0} customers");
        // occurredAt advances at the target rate: what the behaviour windows would see from that many customers.
        var requests = traffic.Generate(warmupCount + available, 5_000, DateTimeOffset.UtcNow);
        Progress.Log($"throughput: warm-up, {options.WarmupSeconds:N0} s with {options.Callers} callers");
        var warmup = await LoadDriver.ClosedLoopAsync("warm-up", (i, c) => client.ScreenAsync(requests[i], c), warmupCount, options.Callers,
            TimeSpan.FromSeconds(options.WarmupSeconds), ct);
        LogFailures(warmup);
        report.Answered += warmup.Decided;
        report.Throughput = await TimedAsync(db, () => LoadDriver.ClosedLoopAsync(
            "Jade", (i, c) => client.ScreenAsync(requests[warmupCount + i], c), available, options.Callers,
            TimeSpan.FromSeconds(options.ThroughputSeconds), ct), ct);
        report.Answered += report.Throughput.Decided;
    }

    /// <summary>A CHECKPOINT first, so no run pays for the previous one's dirty pages; CPU measured during the run.</summary>
    private static async Task<LoadResult> TimedAsync(NpgsqlDataSource db, Func<Task<LoadResult>> run, CancellationToken ct)
    {
        await ScalarAsync(db, "CHECKPOINT", ct);
        var probe = await CpuSplitProbe.StartAsync(db, ct);
        var result = await run();
        result = result with { Cpu = await probe.StopAsync(ct) };
        Progress.Log(string.Create(CultureInfo.InvariantCulture,
            $"{result.Name} ({result.Mode}): {result.Throughput:N0}/s, p50 {result.Latency.P50:N2} ms, p99 {result.Latency.P99:N2} ms, max {result.Latency.Max:N1} ms, failed {result.Failed}"));
        LogFailures(result);
        return result;
    }

    private static void LogFailures(LoadResult result)
    {
        foreach (var (reason, count) in result.Outcomes.Where(o => !LoadResult.IsOutcome(o.Key)))
            Progress.Log($"{result.Name}: {count} × {reason}");
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var command = db.CreateCommand(sql);
        command.CommandTimeout = 600;
        return await command.ExecuteScalarAsync(ct) is long n ? n : 0;
    }
}
