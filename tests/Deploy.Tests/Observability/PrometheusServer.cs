using System.Diagnostics;
using System.Text.Json;
using Jade.Testing;

namespace Jade.Deploy.Tests.Observability;

/// <summary>Debian's Prometheus server on a loopback port with a throw-away database, for checks that need it running.</summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _storage;

    private PrometheusServer(Process process, string storage, Uri address) => (_process, _storage, Api) = (process, storage, new HttpClient { BaseAddress = address });

    public HttpClient Api { get; }

    public static async Task<PrometheusServer> StartAsync(string configFile)
    {
        var storage = Directory.CreateTempSubdirectory("jade-prometheus-data-").FullName;
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(Tool.Find("prometheus", "prometheus"))
        {
            ArgumentList = { $"--config.file={configFile}", $"--storage.tsdb.path={storage}", $"--web.listen-address=127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, storage, new Uri($"http://127.0.0.1:{port}/"));
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline && !process.HasExited; await Task.Delay(200))
        {
            try
            {
                if ((await server.Api.GetAsync("-/ready")).IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
        }
        await server.DisposeAsync();
        throw new TimeoutException($"Prometheus did not become ready with {configFile}.");
    }

    /// <summary>GET /api/v1/targets?state=any: the active targets with their labels and the ones relabeling dropped.</summary>
    public async Task<JsonElement> TargetsAsync() =>
        JsonDocument.Parse(await Api.GetStringAsync("api/v1/targets?state=any")).RootElement.GetProperty("data");

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_storage, recursive: true);
    }
}
