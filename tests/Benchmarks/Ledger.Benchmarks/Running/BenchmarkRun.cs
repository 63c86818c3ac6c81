using System.Globalization;
using Jade.Ledger.Benchmarks.Hosting;
using Jade.Ledger.Benchmarks.Reporting;
using Jade.Ledger.Benchmarks.Targets;
using Jade.Ledger.Benchmarks.Workloads;
using Jade.Testing;
using Npgsql;

namespace Jade.Ledger.Benchmarks.Running;

/// <summary>
/// One invocation: starts the ledger on a fresh database, puts the baselines' schemas in the same database, and runs
/// every selected workload on Jade, B1 and B2 in turn, each warmed up first. The database is dropped at the end.
/// </summary>
public sealed class BenchmarkRun(BenchOptions options)
{
    public async Task<BenchReport> RunAsync(CancellationToken ct)
    {
        Progress.Log("starting the ledger service (fresh database, Kestrel on loopback)");
        await using var host = await LedgerHost.StartAsync();
        var admin = new NpgsqlConnectionStringBuilder(LocalInfrastructure.PostgresAdmin) { Database = host.Database.Name };
        await using var db = NpgsqlDataSource.Create(admin.ConnectionString);
        var machine = await MachineInfo.ReadAsync(db, ct);

        await using var jade = new JadeTarget(host);
        await using var b1 = new B1PerTransfer(db);
        await using var b2 = new B2Batched(db);
        await b1.CreateSchemaAsync(ct);
        await b2.CreateSchemaAsync(ct);
        LedgerTarget[] targets = [jade, b1, b2];

        var planner = new WorkloadPlanner(options);
        var workloads = new (string Name, Func<Workload> Plan)[] { ("W1", planner.W1), ("W2", planner.W2), ("W3", planner.W3), ("W4", planner.W4) };
        var ready = new HashSet<AccountSet>();
        var results = new List<Measurement>();
        var described = new List<Workload>();
        foreach (var (name, plan) in workloads.Where(w => options.Runs(w.Name)))
        {
            var workload = plan();
            described.Add(workload);
            if (ready.Add(workload.Accounts))
            {
                foreach (var target in targets)
                {
                    Progress.Log($"{target.Name}: creating and funding {workload.Accounts.Accounts.Count:N0} accounts ({workload.Accounts.Name})");
                    await target.SetUpAsync(workload.Accounts, ct);
                }
                // Fresh tables have no statistics; without them the planner may scan where the ledger would use an index.
                await ExecuteAsync(db, "VACUUM ANALYZE", ct);
            }
            foreach (var target in targets)
            {
                var (limit, warmupLimit) = target is B1PerTransfer ? workload.B1Limit : (int.MaxValue, int.MaxValue);
                Progress.Log($"{name} {target.Name}: warm-up");
                var warmup = await LoadDriver.RunAsync(name, target, workload.Warmup, workload.Callers, warmupLimit, ct);
                if (warmup.NotCreated > 0)
                {
                    Progress.Log($"{name} {target.Name}: warm-up left {warmup.NotCreated} transfers not created: " +
                        string.Join(", ", warmup.FailureReasons.Select(f => $"{f.Key} × {f.Value}")));
                }
                // Flush what earlier runs dirtied, so no run pays for another's checkpoint.
                await ExecuteAsync(db, "CHECKPOINT", ct);
                Progress.Log($"{name} {target.Name}: timed run");
                var cpu = new CpuProbe();
                await using var sampler = WaitSampler.Start(db);
                var measurement = await LoadDriver.RunAsync(name, target, workload.Timed, workload.Callers, limit, ct);
                measurement = measurement with { Cpu = cpu.Stop(), Activity = await sampler.StopAsync() };
                Progress.Log(string.Create(CultureInfo.InvariantCulture,
                    $"{name} {target.Name}: {measurement.Tps:N0} transfers/s, p50 {measurement.P50:N1} ms, p99 {measurement.P99:N1} ms, not created {measurement.NotCreated}"));
                results.Add(measurement);
            }
        }

        var storage = new List<Storage>();
        foreach (var target in targets)
        {
            var (bytes, transfers) = await target.StorageAsync(ct);
            storage.Add(new Storage(target.Name, bytes, transfers));
        }
        Progress.Log("done; dropping the benchmark database");
        return new BenchReport(options, machine, MachineInfo.LoadAverage(), described, results, storage);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var command = db.CreateCommand(sql);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(ct);
    }
}
