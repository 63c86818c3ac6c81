using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jade.Benchmarks;
using Jade.Contracts.Identity;
using Jade.Contracts.Ledger;
using Jade.Messaging;
using Jade.Payments.Tests;
using Jade.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Jade.Payments.Benchmarks;

/// <summary>
/// One benchmark run: a population of funded customers with PINs, set up with the services in this process; then each
/// service moves to a process of its own, as deployed (its own runtime, heap and thread pool), for the baseline (each
/// transfer posted straight to the ledger's API, one per request, at the offered rate, after an untimed warm-up of its
/// own), an untimed saga warm-up, and the
/// timed saga run, whose accepted-to-completed latencies come from the orders' own timestamps (no polling load on the
/// service).
/// </summary>
internal sealed class PaymentsBenchmarkRun(PaymentsBenchOptions options)
{
    private readonly Random _random = new(2026);

    public async Task<(string Markdown, bool Succeeded)> RunAsync(CancellationToken ct)
    {
        var settings = new Dictionary<string, string>(MoneyStack.DefaultSettings)
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Payments:Saga:ReviewTimeout"] = "00:00:20",
            ["Payments:Saga:StepTimeout"] = "00:00:30",
            ["Payments:Limits:Level1:PerTransactionMinor"] = "100000000",
            ["Payments:Limits:Level1:PerDayMinor"] = "1000000000000",
        };
        Progress.Log("starting ledger, risk and payments in this process");
        await using var stack = await MoneyStack.StartAsync(settings, overSockets: options.InProcess);
        await using var db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(LocalInfrastructure.PostgresAdmin) { Database = stack.Payments.Database.Name }.ConnectionString);
        var machine = await MachineInfo.ReadAsync(db, ct);

        var customers = await PopulateAsync(stack, db, ct);
        var targets = await TargetsAsync(stack);
        var servicePids = targets.Processes.Select(s => s.Process.Id).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        var ledgerToken = stack.LedgerServiceToken();
        var count = (int)(options.Rate * options.Seconds);

        // The processes have just started: the ledger's JIT warms up on untimed transfers first, as the saga's does below.
        Progress.Log($"baseline warm-up: {options.WarmupSeconds}s");
        await LoadDriver.OpenLoopAsync("ledger warm-up", (i, c) => PostToLedgerAsync(http, targets.Ledger, ledgerToken, customers, c),
            (int)(options.Rate * options.WarmupSeconds), options.Rate, ct);
        Progress.Log($"baseline: {count:N0} transfers straight to the ledger at {options.Rate:N0}/s");
        var baselineCpu = await CpuSplitProbe.StartAsync(db, ct, servicePids);
        var baselineServices = await ServiceProbe.StartAsync(targets.Processes);
        var baseline = await LoadDriver.OpenLoopAsync("ledger direct", (i, c) => PostToLedgerAsync(http, targets.Ledger, ledgerToken, customers, c), count, options.Rate, ct);
        baseline = baseline with { Cpu = await baselineCpu.StopAsync(ct) };
        var perService = new Dictionary<string, string> { [baseline.Name] = await baselineServices.StopAsync() };

        var tokens = customers.ToDictionary(c => c, targets.CustomerToken);
        var payments = targets.Payments;
        Progress.Log($"saga warm-up: {options.WarmupSeconds}s");
        var warmIds = new Guid?[(int)(options.Rate * options.WarmupSeconds)];
        await LoadDriver.OpenLoopAsync("warm-up", (i, c) => SendAsync(http, payments, tokens, customers, warmIds, i, c), warmIds.Length, options.Rate, ct);
        await WaitFinalAsync(db, warmIds, TimeSpan.FromSeconds(60), ct);

        Progress.Log($"saga: {count:N0} transfers at {options.Rate:N0}/s");
        var ids = new Guid?[count];
        var sagaCpu = await CpuSplitProbe.StartAsync(db, ct, servicePids);
        var sagaServices = await ServiceProbe.StartAsync(targets.Processes);
        var offered = new CpuProbe();
        var saga = await LoadDriver.OpenLoopAsync("saga", (i, c) => SendAsync(http, payments, tokens, customers, ids, i, c), count, options.Rate, ct);
        var busyWhileOffered = offered.Stop().MachineBusy;
        var drained = await WaitFinalAsync(db, ids, TimeSpan.FromSeconds(120), ct);
        saga = saga with { Cpu = await sagaCpu.StopAsync(ct) };
        perService[saga.Name] = await sagaServices.StopAsync();
        var outcome = await OutcomesAsync(db, ids, ct);

        Progress.Log("verifying the ledger");
        var verified = await stack.VerifyLedgerAsync();
        var report = Report(machine, baseline, saga, perService, busyWhileOffered, outcome, drained, verified.Ok);
        return (report, verified.Ok && drained);
    }

    /// <summary>Where the timed runs send their requests, how customers sign in there, and the service processes (none in process).</summary>
    private sealed record Targets(Uri Ledger, Uri Payments, Func<Guid, string> CustomerToken, IReadOnlyList<(string Name, ServiceProcess Process)> Processes);

    private async Task<Targets> TargetsAsync(MoneyStack stack)
    {
        if (options.InProcess)
        {
            return new(stack.Ledger.ClientOptions.BaseAddress, stack.Payments.ClientOptions.BaseAddress,
                c => stack.Payments.Token(c.ToString(), "payments", "payments"), []);
        }
        Progress.Log("moving ledger, risk and payments to processes of their own");
        var services = await stack.MoveToProcessesAsync();
        return new(services.Ledger.BaseAddress, services.Payments.BaseAddress, c => stack.Token(c.ToString(), "payments", "payments"),
            [("ledger", services.Ledger), ("risk", services.Risk), ("payments", services.Payments)]);
    }

    private async Task<Guid[]> PopulateAsync(MoneyStack stack, NpgsqlDataSource db, CancellationToken ct)
    {
        var customers = Enumerable.Range(0, options.Customers).Select(_ => Guid.CreateVersion7()).ToArray();
        Progress.Log($"registering {customers.Length:N0} customers over the bus");
        var transport = stack.Payments.Services.GetRequiredService<IMessageTransport>();
        foreach (var (id, i) in customers.Select((id, i) => (id, i)))
        {
            await transport.PublishAsync(new OutgoingMessage(Guid.CreateVersion7(), typeof(UserRegistered),
                new UserRegistered(id, $"bench{i}@example.com", "en", DateTimeOffset.UtcNow), null), ct);
        }
        await Eventually.WaitForAsync(async () => await ScalarAsync(db,
            "SELECT least((SELECT count(*) FROM payments.customers), (SELECT count(*) FROM ledger.accounts WHERE code = 100), (SELECT count(*) FROM risk.customers))", ct),
            n => n >= customers.Length, TimeSpan.FromMinutes(5));

        Progress.Log("funding every wallet with 1,000,000.00 from operating cash");
        using var ledger = stack.Ledger.ClientWith(stack.LedgerServiceToken());
        foreach (var chunk in customers.Chunk(1000))
        {
            var response = await ledger.PostAsJsonAsync("/api/ledger/transfers", new
            {
                transfers = chunk.Select(c => new
                {
                    id = Guid.CreateVersion7(), debitAccountId = LedgerAccounts.House(LedgerAccounts.OperatingCash), creditAccountId = LedgerAccounts.Wallet(c),
                    amount = 100_000_000L, currency = "CNY", code = 1,
                }),
            }, ct);
            response.EnsureSuccessStatusCode();
        }

        Progress.Log("setting every customer's PIN");
        await Parallel.ForEachAsync(customers, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (c, token) =>
        {
            using var client = stack.Payments.Customer(c);
            (await client.PutAsJsonAsync("/api/payments/pin", new { pin = "135790" }, token)).EnsureSuccessStatusCode();
        });
        return customers;
    }

    /// <summary>
    /// A customer pays one of three people they always pay (the next three in a ring), as people mostly pay the same few:
    /// uniform random pairs would make every payee look like a mule collecting from dozens, and risk would rightly
    /// send them to review.
    /// </summary>
    private (Guid Payer, Guid Payee, long Amount) Draw(Guid[] customers)
    {
        lock (_random)
        {
            var payer = _random.Next(customers.Length);
            var payee = (payer + 1 + _random.Next(3)) % customers.Length;
            return (customers[payer], customers[payee], 100L * _random.Next(1, 51));
        }
    }

    private async Task<string> PostToLedgerAsync(HttpClient http, Uri ledger, string token, Guid[] customers, CancellationToken ct)
    {
        var (payer, payee, amount) = Draw(customers);
        var body = JsonSerializer.Serialize(new
        {
            transfers = new[] { new { id = Guid.CreateVersion7(), debitAccountId = LedgerAccounts.Wallet(payer), creditAccountId = LedgerAccounts.Wallet(payee), amount, currency = "CNY", code = LedgerAccounts.PeerToPeerCode } },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(ledger, "/api/ledger/transfers"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) return $"HTTP {(int)response.StatusCode}";
        var text = await response.Content.ReadAsStringAsync(ct);
        return text.Contains("\"created\"", StringComparison.Ordinal) ? "created" : "rejected";
    }

    private async Task<string> SendAsync(HttpClient http, Uri payments, Dictionary<Guid, string> tokens, Guid[] customers, Guid?[] ids, int i, CancellationToken ct)
    {
        var (payer, payee, amount) = Draw(customers);
        var body = $$"""{"payeeId":"{{payee}}","amount":"{{(amount / 100).ToString(CultureInfo.InvariantCulture)}}.00","currency":"CNY","pin":"135790"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(payments, "/api/payments/transfers"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[payer]);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) return $"HTTP {(int)response.StatusCode}";
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        ids[i] = json.RootElement.GetProperty("id").GetGuid();
        return "accepted";
    }

    private static async Task<bool> WaitFinalAsync(NpgsqlDataSource db, Guid?[] ids, TimeSpan timeout, CancellationToken ct)
    {
        var accepted = ids.Where(id => id is not null).Select(id => id!.Value).ToArray();
        var open = await Eventually.WaitForAsync(async () =>
        {
            await using var command = db.CreateCommand("SELECT count(*) FROM payments.payment_orders WHERE id = ANY($1) AND status NOT IN ('completed', 'failed')");
            command.Parameters.Add(new NpgsqlParameter { Value = accepted });
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }, n => n == 0, timeout);
        return open == 0;
    }

    internal sealed record SagaOutcome(IReadOnlyDictionary<string, int> ByOutcome, Latencies AcceptedToCompleted, double CompletedPerSecond, int Completed)
    {
        /// <summary>Each timeline step's time after acceptance (p50, p99 ms), in saga order: where the latency builds up.</summary>
        public IReadOnlyList<(string Step, double P50, double P99)> Steps { get; init; } = [];
    }

    private static async Task<List<(string, double, double)>> StepsAsync(NpgsqlDataSource db, Guid[] ids, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            SELECT e.step,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.at - o.created_at) * 1000),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM e.at - o.created_at) * 1000)
              FROM payments.payment_events e JOIN payments.payment_orders o ON o.id = e.order_id
             WHERE o.id = ANY($1) AND o.status = 'completed'
             GROUP BY e.step ORDER BY 2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        var steps = new List<(string, double, double)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) steps.Add((reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2)));
        return steps;
    }

    private static async Task<SagaOutcome> OutcomesAsync(NpgsqlDataSource db, Guid?[] ids, CancellationToken ct)
    {
        await using var command = db.CreateCommand(
            "SELECT status, coalesce(failure_reason, ''), created_at, completed_at FROM payments.payment_orders WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = ids.Where(id => id is not null).Select(id => id!.Value).ToArray() });
        var outcomes = new Dictionary<string, int>();
        var latencies = new List<double>();
        DateTimeOffset? first = null, last = null;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var key = reader.GetString(1) is { Length: > 0 } reason ? $"{reader.GetString(0)} ({reason})" : reader.GetString(0);
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
            var created = reader.GetFieldValue<DateTimeOffset>(2);
            first = first is null || created < first ? created : first;
            if (!reader.IsDBNull(3))
            {
                var completed = reader.GetFieldValue<DateTimeOffset>(3);
                latencies.Add((completed - created).TotalMilliseconds);
                last = last is null || completed > last ? completed : last;
            }
        }
        var window = first is not null && last is not null ? (last.Value - first.Value).TotalSeconds : double.NaN;
        await reader.DisposeAsync();
        var steps = await StepsAsync(db, [.. ids.Where(id => id is not null).Select(id => id!.Value)], ct);
        return new(outcomes, new Latencies(latencies), latencies.Count / window, latencies.Count) { Steps = steps };
    }

    private string Report(MachineInfo machine, LoadResult baseline, LoadResult saga, Dictionary<string, string> perService, double busyWhileOffered, SagaOutcome outcome, bool drained, bool verified)
    {
        var md = new StringBuilder();
        void Line(string text) => md.AppendLine(text);
        Line("# Payments benchmark: P2P transfers through the saga");
        Line("");
        Line($"{machine.Cores} cores ({machine.Cpu}), {machine.Runtime}, {machine.Gc} GC, {machine.Postgres} (fsync {machine.Fsync}, synchronous_commit {machine.SynchronousCommit}); load average at start {machine.LoadAtStart}, at end {MachineInfo.LoadAverage()}.");
        Line($"{(options.InProcess ? "Ledger, risk and payments in this process with the load generator" : "Ledger, risk and payments each in a process of its own, the load generator in this one")}; RabbitMQ and PostgreSQL local. {options.Customers:N0} funded customers; amounts 1.00–50.00; {options.Rate:N0} transfers/s offered for {options.Seconds} s after a {options.WarmupSeconds} s saga warm-up.");
        Line("");
        Line("| Run | Offered | Answered | HTTP p50 ms | HTTP p99 ms | Outcomes | CPU machine / service processes / this process / PostgreSQL / other | Per service: CPU, GC pauses (share of the run, collections, mean) |");
        Line("|---|---|---|---|---|---|---|---|");
        foreach (var r in new[] { baseline, saga })
        {
            Line($"| {r.Name} | {r.Offered:N0} | {r.Completed:N0} | {r.Latency.P50:N1} | {r.Latency.P99:N1} | {string.Join(", ", r.Outcomes.Select(o => $"{o.Key} {o.Value:N0}"))} | {Cpu(r.Cpu)} | {(options.InProcess ? $"all in this process: GC {r.Cpu?.GcPauses}" : perService[r.Name])} |");
        }
        Line("");
        var a = outcome.AcceptedToCompleted;
        Line("| Accepted → completed (saga) | Completed | Completed/s | p50 ms | p95 ms | p99 ms | max ms |");
        Line("|---|---|---|---|---|---|---|");
        Line($"| saga | {outcome.Completed:N0} | {outcome.CompletedPerSecond:N0} | {a.P50:N1} | {a.P95:N1} | {a.P99:N1} | {a.Max:N1} |");
        Line("");
        Line($"Time after acceptance at each step (completed transfers, p50 / p99 ms): {string.Join(" → ", outcome.Steps.Select(st => $"{st.Step} {st.P50:N0} / {st.P99:N0}"))}.");
        Line("");
        Line($"Saga outcomes: {string.Join(", ", outcome.ByOutcome.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value:N0}"))}. All orders final: {(drained ? "yes" : "NO")}. Ledger verifies: {(verified ? "yes" : "NO")}.");
        Line("");
        // Near 100 % the saga is CPU-bound, and what a transfer costs bounds what the cores can complete (cores ÷ cost). The
        // cost is over the whole saga run, drain and review waits included, so it reads high when the run is not saturated.
        Line($"Machine busy while the transfers were offered: {busyWhileOffered:P0}.");
        Line("");
        if (saga.Cpu is { } cpu)
        {
            var perTransfer = cpu.WallSeconds * Environment.ProcessorCount * 1000 / Math.Max(1, outcome.Completed);
            Line($"CPU per completed transfer over the saga run (all cores): service processes {cpu.Services * perTransfer:N1} ms, this process {cpu.ThisProcess * perTransfer:N1} ms, PostgreSQL {cpu.Postgres * perTransfer:N1} ms, other (RabbitMQ, kernel) {cpu.Other * perTransfer:N1} ms; {cpu.Machine * perTransfer:N1} ms in all.");
        }
        Line("");
        Line($"Ratio to the baseline (a transfer posted straight to the ledger, HTTP round trip): p50 {a.P50 / baseline.Latency.P50:N1}×, p99 {a.P99 / baseline.Latency.P99:N1}×.");
        Line("");
        Line("| Target | Measured | Result |");
        Line("|---|---|---|");
        Line($"| ≥ 300 completed transfers/s | {outcome.CompletedPerSecond:N0}/s at {options.Rate:N0}/s offered | {(outcome.CompletedPerSecond >= 300 ? "met" : "missed")} |");
        Line($"| p99 accepted → completed ≤ 300 ms | {a.P99:N1} ms | {(a.P99 <= 300 ? "met" : "missed")} |");
        return md.ToString();
    }

    private static string Cpu(CpuSplit? cpu) => cpu is null ? "n/a" : $"{cpu.Machine:P0} / {cpu.Services:P0} / {cpu.ThisProcess:P0} / {cpu.Postgres:P0} / {cpu.Other:P0}";

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var command = db.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}
