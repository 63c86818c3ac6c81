using System.Collections.Concurrent;
using System.Diagnostics;
using Jade.Testing;

namespace Jade.EndToEnd.Tests;

/// <summary>One service of the stack, started from its build output as a real process, the way the runner starts it.</summary>
public sealed class ServiceProcess(string name, string assemblyPath, Uri baseAddress, IReadOnlyDictionary<string, string> environment) : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public string Name => name;
    public Uri BaseAddress => baseAddress;

    public async Task StartAsync(TimeSpan readyTimeout)
    {
        var start = new ProcessStartInfo("dotnet", [assemblyPath, "--urls", baseAddress.GetLeftPart(UriPartial.Authority)])
        {
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Capture(e.Data);
        _process.ErrorDataReceived += (_, e) => Capture(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + readyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {_process.ExitCode}:\n{RecentOutput()}");
            }
            try
            {
                var body = await (await http.GetAsync("/health/ready")).Content.ReadAsStringAsync();
                if (HealthReport.IsHealthy(body))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Start-up work (migrations) can hold the first request.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{name} did not become ready:\n{RecentOutput()}");
    }

    public string RecentOutput() => string.Join('\n', _output.TakeLast(80));

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > 2000)
        {
            _output.TryDequeue(out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }
}
