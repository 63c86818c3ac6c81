using System.Globalization;
using System.Text;
using Jade.Ledger.Benchmarks.Running;
using Jade.Ledger.Benchmarks.Workloads;

namespace Jade.Ledger.Benchmarks.Reporting;

/// <summary>Bytes of the tables (with indexes) that hold transfers, and how many transfers they hold.</summary>
public sealed record Storage(string System, long Bytes, long Transfers)
{
    public double BytesPerTransfer => Transfers == 0 ? double.NaN : (double)Bytes / Transfers;
}

/// <summary>The figures as markdown, ready to paste into an issue or a report.</summary>
public sealed record BenchReport(
    BenchOptions Options, MachineInfo Machine, string LoadAtEnd, IReadOnlyList<Workload> Workloads, IReadOnlyList<Measurement> Results,
    IReadOnlyList<Storage> Storage)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        Line(md, $"# Jade ledger benchmark ({(Options.Quick ? "quick" : "full")} run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        md.AppendLine();
        var m = Machine;
        Line(md, $"- Machine: {m.Cores} cores ({m.Cpu}), {m.Os}; {m.Runtime}, {m.Gc} GC; service, PostgreSQL and load generator on this machine");
        Line(md, $"- Load average (1/5/15 min): {m.LoadAtStart} before the first workload, {LoadAtEnd} at the end (includes the benchmark's own load); well above {m.Cores} before the start means other work competed");
        md.Append(F($"- {m.Postgres}: fsync={m.Fsync}, synchronous_commit={m.SynchronousCommit}, shared_buffers={m.SharedBuffers}, "));
        Line(md, $"wal_sync_method={m.WalSyncMethod}, full_page_writes={m.FullPageWrites}");
        md.AppendLine("- Jade: the ledger service in-process over HTTP/1.1 on loopback (Kestrel), JWT-authenticated, logging at Warning");
        md.AppendLine("- B1: one Npgsql transaction per transfer, SELECT … FOR UPDATE in id order; B2: a batch as one SQL statement "
            + "(W2-W4: concurrent requests coalesced by one writer)");
        foreach (var w in Workloads) Line(md, $"- {w.Name}: {w.Description}");
        md.AppendLine();

        md.AppendLine("| Workload | System | Callers | Requests | Transfers | TPS | p50 ms | p99 ms | Not created |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in Results)
        {
            Line(md, $"| {r.Workload} | {r.System} | {r.Callers} | {r.Requests:N0} | {r.Transfers:N0} | {r.Tps:N0} | {r.P50:N1} | {r.P99:N1} | {r.NotCreated:N0} |");
        }
        md.AppendLine();

        md.AppendLine("| Workload | TPS Jade/B1 | TPS Jade/B2 | p50 Jade/B1 | p50 Jade/B2 | p99 Jade/B1 | p99 Jade/B2 |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var w in Workloads)
        {
            var (jade, b1, b2) = (Find(w.Name, "Jade"), Find(w.Name, "B1"), Find(w.Name, "B2"));
            if (jade is null) continue;
            Line(md, $"| {w.Name} | {Ratio(jade.Tps, b1?.Tps)} | {Ratio(jade.Tps, b2?.Tps)} | {Ratio(jade.P50, b1?.P50)} | {Ratio(jade.P50, b2?.P50)} | {Ratio(jade.P99, b1?.P99)} | {Ratio(jade.P99, b2?.P99)} |");
        }
        md.AppendLine();

        md.AppendLine("Where the time went (timed runs): CPU busy as a share of all cores — the whole machine, and this process (load");
        md.AppendLine("generator, plus the service for Jade); PostgreSQL backends in a transaction on average; and what they were doing");
        md.AppendLine("(pg_stat_activity sampled every 20 ms; \"app: idle in transaction\" = waiting for the application's next statement).");
        md.AppendLine();
        md.AppendLine("| Workload | System | Machine CPU | Process CPU | Busy backends | Backend activity (share of samples) |");
        md.AppendLine("|---|---|---:|---:|---:|---|");
        foreach (var r in Results)
        {
            var top = string.Join(", ", r.Activity.Top(4).Select(a => F($"{a.Activity} {a.Share:P0}")));
            Line(md, $"| {r.Workload} | {r.System} | {r.Cpu?.MachineBusy:P0} | {r.Cpu?.ThisProcess:P0} | {r.Activity.AverageBusy:N1} | {top} |");
        }
        md.AppendLine();

        md.AppendLine("| Storage | Transfers stored | Bytes incl. indexes | Bytes/transfer |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var s in Storage)
        {
            var what = s.System == "Jade" ? "Jade (ledger.transfers + ledger.pending_status)" : $"{s.System} ({s.System.ToLowerInvariant()}.transfers)";
            Line(md, $"| {what} | {s.Transfers:N0} | {s.Bytes:N0} | {s.BytesPerTransfer:N0} |");
        }
        md.AppendLine();

        md.AppendLine("| Target | Measured | Met |");
        md.AppendLine("|---|---:|---|");
        foreach (var (target, measured, met) in Targets()) Line(md, $"| {target} | {measured} | {met} |");
        md.AppendLine();

        var failures = Results.Where(r => r.FailureReasons.Count > 0).ToList();
        if (failures.Count > 0)
        {
            md.AppendLine("Not created, by reason:");
            foreach (var r in failures)
            {
                Line(md, $"- {r.Workload} {r.System}: {string.Join(", ", r.FailureReasons.Select(f => $"{f.Key} × {f.Value:N0}"))}");
            }
            md.AppendLine();
        }
        md.AppendLine("Latency is per request as its caller sees it: a batch of 8,190 in W1 (B1 replays it as 8,190 transactions), one");
        md.AppendLine("transfer in W2-W4 (for B2 including its wait for the coalescing writer). TPS = transfers / wall time of the timed run;");
        md.AppendLine("W4 adds its two phases (holds, then posts/voids). Ratios above 1 mean Jade is faster (TPS) or slower (latency).");
        return md.ToString();
    }

    private IEnumerable<(string Target, string Measured, string Met)> Targets()
    {
        var w1 = Find("W1", "Jade");
        var w2 = Find("W2", "Jade");
        var (w3, w3b1) = (Find("W3", "Jade"), Find("W3", "B1"));
        var storage = Storage.FirstOrDefault(s => s.System == "Jade");
        yield return ("W1 ≥ 15,000 transfers/s", w1 is null ? "not run" : F($"{w1.Tps:N0}/s"), Met(w1?.Tps >= 15_000, w1));
        yield return ("W2 ≥ 3,000 transfers/s", w2 is null ? "not run" : F($"{w2.Tps:N0}/s"), Met(w2?.Tps >= 3_000, w2));
        yield return ("W2 p99 ≤ 25 ms", w2 is null ? "not run" : F($"{w2.P99:N1} ms"), Met(w2?.P99 <= 25, w2));
        yield return ("W3 ≥ 5× B1", w3 is null || w3b1 is null ? "not run" : F($"{w3.Tps / w3b1.Tps:N2}×"),
            Met(w3 is not null && w3b1 is not null && w3.Tps >= 5 * w3b1.Tps, w3b1 is null ? null : w3));
        yield return ("Storage ≤ 600 bytes/transfer", storage is null ? "not run" : F($"{storage.BytesPerTransfer:N0} B"),
            storage is null ? "—" : storage.BytesPerTransfer <= 600 ? "met" : "**not met**");
    }

    private static string Met(bool? ok, Measurement? measured) => measured is null ? "—" : ok == true ? "met" : "**not met**";

    private Measurement? Find(string workload, string system) => Results.FirstOrDefault(r => r.Workload == workload && r.System == system);

    private static string Ratio(double jade, double? baseline) =>
        baseline is { } b && b > 0 ? F($"{jade / b:N2}") : "—";

    private static string F(FormattableString s) => s.ToString(Inv);

    private static void Line(StringBuilder md, FormattableString s) => md.AppendLine(s.ToString(Inv));
}
