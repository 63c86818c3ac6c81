using System.Collections.Concurrent;
using System.Diagnostics;
using Jade.Risk.Benchmarks.Running;
using Jade.Testing;

namespace Jade.Risk.Benchmarks.ColdStart;

/// <summary>Process starts of one build against one database: the first (which may migrate it), then the timed ones.</summary>
public sealed record ColdStartResult(string Database, string Build, double FirstStartMs, Latencies Starts);

/// <summary>A runnable Risk.Api: its main assembly and how it was built.</summary>
public sealed record ServiceBuild(string Label, string AssemblyPath);

/// <summary>
/// Time from <c>dotnet Risk.Api.dll</c> to <c>/health/ready</c> answering Healthy (sanctions list loaded,
/// customers, rules and the last 7 days of decisions replayed, bus bound), for a fresh process each time, started
/// the way tests/EndToEnd.Tests/ServiceProcess.cs starts a service: from the service's build output with its
/// configuration in the environment. <c>/health/ready</c> is polled every 10 ms.
/// </summary>
public static class ColdStartBench
{
    private static string ProjectFolder => Path.Combine(LocalInfrastructure.RepositoryRoot, "services", "Risk", "Risk.Api");

    /// <summary>The service's build output, as tests and <c>deploy/run.sh</c> run it: every method JIT-compiled at first call.</summary>
    public static ServiceBuild BuildOutput()
    {
        var configuration = AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        return new ServiceBuild("build output (JIT)", Path.Combine(ProjectFolder, "bin", configuration, "net10.0", "Risk.Api.dll"));
    }

    /// <summary>
    /// The service published as a container image publishes it (<c>-r linux-x64 -p:PublishReadyToRun=true</c>): the
    /// service's and its packages' code precompiled, so start-up runs native code instead of waiting for the JIT.
    /// </summary>
    public static async Task<ServiceBuild> PublishReadyToRunAsync(string folder, CancellationToken ct)
    {
        var publish = new ProcessStartInfo("dotnet", ["publish", ProjectFolder, "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
            "-p:PublishReadyToRun=true", "-o", folder, "--nologo", "-v", "quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(publish)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet publish failed:\n{await output}\n{await errors}");
        return new ServiceBuild("published ReadyToRun", Path.Combine(folder, "Risk.Api.dll"));
    }

    public static async Task<ColdStartResult> RunAsync(ServiceBuild build, string label, string connectionString, Uri amqp, int starts, CancellationToken ct)
    {
        var assembly = build.AssemblyPath;
        if (!File.Exists(assembly)) throw new FileNotFoundException($"{assembly} is missing: build the solution (or this benchmark) first.");
        var keys = Directory.CreateTempSubdirectory("jade-risk-coldstart-keys-").FullName;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__risk"] = connectionString,
                ["ConnectionStrings__rabbitmq"] = amqp.ToString(),
                ["Identity__Issuer"] = TestTokens.Issuer,
                // Never fetched: only /health/ready is called, which needs no token.
                ["Identity__MetadataAddress"] = "http://127.0.0.1:9/.well-known/openid-configuration",
                ["Database__MigrateOnStartup"] = "true",
                ["Risk__KeysPath"] = keys,
                ["Logging__LogLevel__Default"] = "Warning",
            };
            Progress.Log($"cold start ({label}, {build.Label}): first start");
            var first = await StartOnceAsync(assembly, environment, ct);
            var times = new List<double>();
            for (var i = 0; i < starts; i++)
            {
                Progress.Log($"cold start ({label}, {build.Label}): start {i + 1} of {starts}");
                times.Add(await StartOnceAsync(assembly, environment, ct));
            }
            return new ColdStartResult(label, build.Label, first, new Latencies(times));
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    /// <summary>Milliseconds from process start to Healthy; the process is then killed and awaited.</summary>
    private static async Task<double> StartOnceAsync(string assembly, Dictionary<string, string> environment, CancellationToken ct)
    {
        var address = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/");
        var start = new ProcessStartInfo("dotnet", [assembly, "--urls", address.GetLeftPart(UriPartial.Authority)])
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var output = new ConcurrentQueue<string>();
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(120))
            {
                ct.ThrowIfCancellationRequested();
                if (process.HasExited) throw new InvalidOperationException($"Risk.Api exited with {process.ExitCode}:\n{string.Join('\n', output)}");
                try
                {
                    using var response = await http.GetAsync("health/ready", ct);
                    var body = await response.Content.ReadAsStringAsync(ct);
                    if (HealthReport.IsHealthy(body)) return clock.Elapsed.TotalMilliseconds;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    // Start-up work held the request.
                }
                await Task.Delay(10, ct);
            }
            throw new TimeoutException($"Risk.Api did not become ready in 120 s:\n{string.Join('\n', output.TakeLast(40))}");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is null) return;
        output.Enqueue(line);
        while (output.Count > 200) output.TryDequeue(out _);
    }
}
