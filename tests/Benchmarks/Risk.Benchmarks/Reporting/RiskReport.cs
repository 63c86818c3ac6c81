using System.Globalization;
using System.Text;
using Jade.Risk.Benchmarks.ColdStart;
using Jade.Risk.Benchmarks.Running;
using Jade.Risk.Benchmarks.Sanctions;

namespace Jade.Risk.Benchmarks.Reporting;

/// <summary>The figures of one run as markdown, ready to paste into an issue; parts not run are left out.</summary>
public sealed class RiskReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public required RiskBenchOptions Options { get; init; }
    public MachineInfo? Machine { get; set; }
    public string LoadAtEnd { get; set; } = "n/a";
    public SanctionsResult? Sanctions { get; set; }
    public LoadResult? ScoringJade { get; set; }
    public LoadResult? ScoringRaw { get; set; }
    public LoadResult? Throughput { get; set; }
    public List<ColdStartResult> ColdStarts { get; } = [];
    /// <summary>Screenings answered with a decision over all runs, warm-ups included, against rows in risk.decisions.</summary>
    public long Answered { get; set; }
    public long? DecisionsRecorded { get; set; }
    /// <summary>Parts that failed, with the first line of why; their figures are missing from the report.</summary>
    public List<string> Failures { get; } = [];

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        Line(md, $"# Jade risk benchmark ({(Options.Quick ? "quick" : "full")} run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        md.AppendLine();
        if (Machine is { } m)
        {
            Line(md, $"- Machine: {m.Cores} cores ({m.Cpu}), {m.Os}; {m.Runtime}, {m.Gc} GC; service, PostgreSQL and load generator on this machine");
            Line(md, $"- Load average (1/5/15 min): {m.LoadAtStart} at the start, {LoadAtEnd} at the end (includes the benchmark's own load); well above {m.Cores} at the start means other work competed");
            Line(md, $"- {m.Postgres}: fsync={m.Fsync}, synchronous_commit={m.SynchronousCommit}, shared_buffers={m.SharedBuffers}, wal_sync_method={m.WalSyncMethod}, full_page_writes={m.FullPageWrites}");
        }
        md.AppendLine("- Jade: the risk service in-process over HTTP/1.1 keep-alive on loopback (Kestrel), JWT-authenticated (`risk.screen`), logging at Warning; an answer means the decision is committed (group commit)");
        md.AppendLine();

        Scoring(md);
        ThroughputSection(md);
        SanctionsSection(md);
        ColdStartSection(md);

        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("| Target | Measured | Met |");
        md.AppendLine("|---|---:|---|");
        foreach (var (target, measured, met) in Targets()) Line(md, $"| {target} | {measured} | {met} |");
        md.AppendLine();
        if (Failures.Count > 0)
        {
            md.AppendLine("**Parts that failed** (details on stderr):");
            foreach (var failure in Failures) Line(md, $"- {failure}");
            md.AppendLine();
        }
        md.AppendLine("Service, PostgreSQL and load generator share the machine's cores, and other engineers' builds and tests may be");
        md.AppendLine("running too (see the load average and the \"other\" CPU): the ratios are steadier than the absolute figures.");
        return md.ToString();
    }

    private void Scoring(StringBuilder md)
    {
        if (ScoringJade is not { } jade) return;
        Line(md, $"## 1. Scoring at a fixed arrival rate ({Options.Rate:N0} requests/s, {Options.ScoringSeconds:N0} s after a {Options.WarmupSeconds:N0} s warm-up)");
        md.AppendLine();
        Line(md, $"Traffic: {Options.Customers:N0} customers; payments to merchants 50%, person-to-person 32% (mostly to regular contacts), top-ups 12%, withdrawals 6%; log-normal amounts; unique transaction ids; payee names screened against the sanctions list. Baseline: one single-row INSERT (the decision's columns and indexes) committed on its own per request, Npgsql straight to PostgreSQL, same rate, same driver.");
        md.AppendLine();
        md.AppendLine("| System | Requests | Achieved/s | p50 ms | p95 ms | p99 ms | max ms | p99 from schedule ms | dispatch lag p99 ms | Failed |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in new[] { jade, ScoringRaw }.OfType<LoadResult>())
        {
            Line(md, $"| {r.Name} | {r.Completed:N0} | {r.Throughput:N0} | {r.Latency.P50:N2} | {r.Latency.P95:N2} | {r.Latency.P99:N2} | {r.Latency.Max:N1} | {r.FromSchedule.P99:N2} | {r.DispatchLag.P99:N2} | {r.Failed:N0} |");
        }
        md.AppendLine();
        if (ScoringRaw is { } raw)
        {
            Line(md, $"**Jade screening p99 / raw insert p99 = {Ratio(jade.Latency.P99, raw.Latency.P99)}** (p50: {Ratio(jade.Latency.P50, raw.Latency.P50)}, p95: {Ratio(jade.Latency.P95, raw.Latency.P95)}, max: {Ratio(jade.Latency.Max, raw.Latency.Max)})");
            md.AppendLine();
        }
        Outcomes(md, jade);
        md.AppendLine("Latency is from handing the request to the client to the answer. The driver releases each request when due (a");
        md.AppendLine("dedicated thread waking every ~1 ms), whether or not earlier ones answered; \"from schedule\" adds the wait for the");
        md.AppendLine("dispatcher, so a generator that fell behind shows there. Achieved/s = answers / (first send → last answer).");
        md.AppendLine();
        Cpu(md, [jade, ScoringRaw, Throughput]);
    }

    private void ThroughputSection(StringBuilder md)
    {
        if (Throughput is not { } t) return;
        Line(md, $"## 2. Maximum decisions/s (closed loop, {Options.Callers} callers, {Options.ThroughputSeconds:N0} s after a {Options.WarmupSeconds:N0} s warm-up)");
        md.AppendLine();
        Line(md, $"Same traffic mix from {Options.ThroughputCustomers:N0} customers (a larger population, so each customer's velocity stays realistic at this rate). HTTP/1.1 keep-alive, one connection per caller.");
        md.AppendLine();
        md.AppendLine("| System | Callers | Decisions | Seconds | Decisions/s | p50 ms | p95 ms | p99 ms | max ms | Failed |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Line(md, $"| {t.Name} | {Options.Callers} | {t.Completed:N0} | {t.Elapsed.TotalSeconds:N1} | {t.Throughput:N0} | {t.Latency.P50:N2} | {t.Latency.P95:N2} | {t.Latency.P99:N2} | {t.Latency.Max:N1} | {t.Failed:N0} |");
        md.AppendLine();
        if (t.Completed >= t.Offered) md.AppendLine("The run used every prepared request before its time was up: raise the prepared count.");
        Outcomes(md, t);
        if (ScoringJade is null) Cpu(md, [t]);
        if (DecisionsRecorded is { } recorded)
        {
            var verdict = recorded == Answered ? "every answer recorded, nothing more"
                : recorded < Answered ? "**fewer rows than answers: an answered decision is missing**"
                : "every answer recorded; the extra rows are requests the client gave up on (timeouts) that the service still decided";
            Line(md, $"Durability check: {Answered:N0} screenings answered with a decision (warm-ups included), {recorded:N0} rows in risk.decisions — {verdict}.");
            md.AppendLine();
        }
    }

    private void SanctionsSection(StringBuilder md)
    {
        if (Sanctions is not { } s) return;
        md.AppendLine("## 3. Sanctions screening against the full list (in process, one thread)");
        md.AppendLine();
        Line(md, $"{s.Entries:N0} SDN entries, {s.Names:N0} names and aliases; threshold {s.Threshold:0.00}. Brute force: the normalized query against every listed name and alias written out, SimMetrics Jaro-Winkler each (the matcher's metric), no index, no bounds; on every n-th query of the same set.");
        md.AppendLine();
        md.AppendLine("| Method | Queries | p50 ms | p95 ms | p99 ms | max ms | mean ms |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        Line(md, $"| SanctionsMatcher (index) | {s.Matcher.Count:N0} | {s.Matcher.P50:N3} | {s.Matcher.P95:N3} | {s.Matcher.P99:N3} | {s.Matcher.Max:N2} | {s.Matcher.Mean:N3} |");
        Line(md, $"| SanctionsMatcher, brute-force subset | {s.MatcherOnBruteSubset.Count:N0} | {s.MatcherOnBruteSubset.P50:N3} | {s.MatcherOnBruteSubset.P95:N3} | {s.MatcherOnBruteSubset.P99:N3} | {s.MatcherOnBruteSubset.Max:N2} | {s.MatcherOnBruteSubset.Mean:N3} |");
        Line(md, $"| Brute-force scan | {s.BruteForce.Count:N0} | {s.BruteForce.P50:N3} | {s.BruteForce.P95:N3} | {s.BruteForce.P99:N3} | {s.BruteForce.Max:N2} | {s.BruteForce.Mean:N3} |");
        md.AppendLine();
        Line(md, $"**Brute force / index on the same queries: p50 {Ratio(s.BruteForce.P50, s.MatcherOnBruteSubset.P50)}, p99 {Ratio(s.BruteForce.P99, s.MatcherOnBruteSubset.P99)}, mean {Ratio(s.BruteForce.Mean, s.MatcherOnBruteSubset.Mean)}** (above 1: the index is faster).");
        md.AppendLine();
        md.AppendLine("| Query kind | Queries | Matcher found | Brute-force queries | Brute force found |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var k in s.Recall)
        {
            Line(md, $"| {k.Kind} | {k.Queries:N0} | {Share(k.Found, k.Queries)} | {k.BruteQueries:N0} | {Share(k.BruteFound, k.BruteQueries)} |");
        }
        md.AppendLine();
        md.AppendLine("\"Found\" = the entry the query was made from is among the matches; for common names, that anything matched (a false alarm).");
        md.AppendLine();
    }

    private void ColdStartSection(StringBuilder md)
    {
        if (ColdStarts.Count == 0 && Sanctions is null) return;
        md.AppendLine("## 4. Cold start");
        md.AppendLine();
        if (ColdStarts.Count > 0)
        {
            md.AppendLine("`dotnet Risk.Api.dll` as a child process until `/health/ready` is Healthy (polled every 10 ms): the build output, as");
            md.AppendLine("tests/EndToEnd.Tests and deploy/run.sh start services, and the service published ReadyToRun, as a container image would ship it.");
            md.AppendLine();
            md.AppendLine("| Database | Build | First start ms | Starts | median ms | min ms | max ms |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|");
            foreach (var c in ColdStarts)
            {
                Line(md, $"| {c.Database} | {c.Build} | {c.FirstStartMs:N0} | {c.Starts.Count} | {c.Starts.P50:N0} | {c.Starts.Percentile(0):N0} | {c.Starts.Max:N0} |");
            }
            md.AppendLine();
        }
        if (Sanctions is { } s)
        {
            Line(md, $"Sanctions list load + index build in process: median {s.IndexLoadMs.P50:N0} ms over {s.IndexLoadMs.Count} loads (min {s.IndexLoadMs.Percentile(0):N0}, max {s.IndexLoadMs.Max:N0}; the first includes JIT).");
            md.AppendLine();
        }
    }

    private static void Outcomes(StringBuilder md, LoadResult r)
    {
        var failed = r.Failed > 0
            ? "; failed: " + string.Join(", ", r.Outcomes.Where(o => !LoadResult.IsOutcome(o.Key)).Select(o => F($"{o.Key} × {o.Value:N0}")))
            : "";
        Line(md, $"Outcomes ({r.Name}): approve {r.Share("approve"):P1}, review {r.Share("review"):P1}, decline {r.Share("decline"):P1}{failed}.");
        md.AppendLine();
    }

    private static void Cpu(StringBuilder md, IEnumerable<LoadResult?> results)
    {
        var measured = results.OfType<LoadResult>().Where(r => r.Cpu is not null).ToList();
        if (measured.Count == 0) return;
        md.AppendLine("CPU during the timed runs, as a share of all cores: this process = the in-process service plus the load generator;");
        md.AppendLine("PostgreSQL = the benchmark database's backends and the server's own processes; other = the rest of the machine.");
        md.AppendLine("JIT = methods this process compiled per second (the warm-up runs until tiering has settled); GC pause = share of the");
        md.AppendLine("run during which garbage collections stopped this process's threads, with how many there were and their mean pause");
        md.AppendLine("(a few long pauses are a tail: every request in flight waits them out).");
        md.AppendLine();
        md.AppendLine("| Run | Machine | This process | PostgreSQL | Other | JIT methods/s | GC pause |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in measured)
        {
            var c = r.Cpu!;
            Line(md, $"| {r.Name} ({r.Mode}) | {c.Machine:P0} | {c.ThisProcess:P0} | {c.Postgres:P0} | {c.Other:P0} | {c.JitMethodsPerSecond:N0} | {c.GcPauses} |");
        }
        md.AppendLine();
    }

    private IEnumerable<(string Target, string Measured, string Met)> Targets()
    {
        if (ScoringJade is { } j)
        {
            yield return (F($"Scoring p99 ≤ 5 ms at {Options.Rate:N0}/s, decision durable"), F($"{j.Latency.P99:N2} ms"), Met(j.Latency.P99 <= 5 && j.Failed == 0));
            yield return (F($"Scoring keeps up with {Options.Rate:N0}/s (≥ 99%)"), F($"{j.Throughput:N0}/s"), Met(j.Throughput >= 0.99 * Options.Rate));
        }
        if (Throughput is { } t) yield return ("Throughput ≥ 5,000 decisions/s", F($"{t.Throughput:N0}/s"), Met(t.Throughput >= 5_000 && t.Failed == 0));
        if (Sanctions is { } s) yield return ("Sanctions screening p99 ≤ 2 ms", F($"{s.Matcher.P99:N3} ms"), Met(s.Matcher.P99 <= 2));
        foreach (var c in ColdStarts) yield return (F($"Cold start ≤ 3 s ({c.Database}, {c.Build})"), F($"{c.Starts.P50:N0} ms median"), Met(c.Starts.P50 <= 3_000));
    }

    private static string Met(bool ok) => ok ? "met" : "**not met**";

    private static string Share(int part, int whole) => whole == 0 ? "—" : F($"{(double)part / whole:P1}");

    private static string Ratio(double value, double baseline) => baseline > 0 && double.IsFinite(value) ? F($"{value / baseline:N2}×") : "—";

    private static string F(FormattableString s) => s.ToString(Inv);

    private static void Line(StringBuilder md, FormattableString s) => md.AppendLine(s.ToString(Inv));
}
