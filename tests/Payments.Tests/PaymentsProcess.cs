using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Jade.Testing;

namespace Jade.Payments.Tests;

/// <summary>
/// The payments service as a separate operating-system process (the built <c>Payments.Api.dll</c>), so a test can kill
/// it with SIGKILL at any moment: no shutdown hooks, no flushing, unacknowledged messages and open transactions simply
/// abandoned — what a crashed or OOM-killed pod leaves behind.
/// </summary>
public sealed class PaymentsProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _keys = Directory.CreateTempSubdirectory("jade-payments-process-keys-").FullName;

    public Uri BaseAddress { get; }

    private PaymentsProcess(TestDatabase database, TestVirtualHost vhost, IReadOnlyDictionary<string, string> settings)
    {
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Payments.Api.dll")])
        {
            // appsettings.json is read from the content root: the service's project folder.
            WorkingDirectory = ProjectFolder(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var environment = new Dictionary<string, string>(settings)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = BaseAddress.ToString(),
            ["ConnectionStrings:payments"] = database.ConnectionString(PaymentsDb.Schema),
            ["ConnectionStrings:rabbitmq"] = vhost.AmqpUri.ToString(),
            ["Database:MigrateOnStartup"] = "true",
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Identity:Issuer"] = TestTokens.Issuer,
            ["Payments:KeysPath"] = _keys,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in environment) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    public static async Task<PaymentsProcess> StartAsync(TestDatabase database, TestVirtualHost vhost, IReadOnlyDictionary<string, string> settings)
    {
        var process = new PaymentsProcess(database, vhost, settings);
        process._process.Start();
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        await process.WaitUntilHealthyAsync();
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

    private async Task WaitUntilHealthyAsync()
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
        }, ok => ok, TimeSpan.FromSeconds(90));
        if (!healthy || _process.HasExited)
        {
            throw new InvalidOperationException($"The payments process did not become ready:\n{Output}");
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ProjectFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Directory.Build.props"))) folder = folder.Parent;
        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("No repository root above the test binaries."),
            "services", "Payments", "Payments.Api");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        Directory.Delete(_keys, recursive: true);
    }
}
