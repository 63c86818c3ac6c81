using System.Diagnostics;
using System.Text;

namespace Jade.Testing;

/// <summary>
/// A Jade service as a separate operating-system process (its built <c>{Service}.Api.dll</c>, copied beside the tests by
/// their project reference): a test can kill it with SIGKILL at any moment (no shutdown hooks, no flushing, unacknowledged
/// messages and open transactions simply abandoned, as a crashed or OOM-killed pod leaves them), and a benchmark gives each
/// service its own runtime and heap, as a deployment does.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    private ServiceProcess(string service, IReadOnlyDictionary<string, string> settings)
    {
        BaseAddress = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, $"{service}.Api.dll")])
        {
            // appsettings.json is read from the content root: the service's project folder.
            WorkingDirectory = ProjectFolder(service),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var environment = new Dictionary<string, string>(settings)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = BaseAddress.ToString(),
        };
        foreach (var (key, value) in environment) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    /// <param name="service">The folder under <c>services/</c>, e.g. <c>Payments</c>.</param>
    /// <param name="settings">Configuration keys as in appsettings (<c>:</c> separated); passed as environment variables.</param>
    public static async Task<ServiceProcess> StartAsync(string service, IReadOnlyDictionary<string, string> settings)
    {
        var process = new ServiceProcess(service, settings);
        process._process.Start();
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        await process.WaitUntilHealthyAsync(service);
        return process;
    }

    /// <summary>SIGKILL, and wait until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    private async Task WaitUntilHealthyAsync(string service)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var healthy = await Eventually.WaitForAsync(async () =>
        {
            if (_process.HasExited) return true;
            try
            {
                return HealthReport.IsHealthy(await client.GetStringAsync("health/ready"));
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                // One readiness answer slower than the client's 5 s (start-up work on a busy machine) is not a failure.
                return false;
            }
        }, ok => ok, TimeSpan.FromSeconds(90));
        if (!healthy || _process.HasExited)
        {
            throw new InvalidOperationException($"The {service} process did not become ready:\n{Output}");
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static string ProjectFolder(string service)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Directory.Build.props"))) folder = folder.Parent;
        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("No repository root above the test binaries."),
            "services", service, $"{service}.Api");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
