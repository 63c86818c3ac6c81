using System.Net;
using Jade.HealthProbe;
using Jade.Testing;

namespace Jade.Deploy.Tests;

/// <summary>The images' HEALTHCHECK program against a real HTTP listener on loopback.</summary>
public sealed class HealthProbeTests
{
    [TestCase(200, true)]
    [TestCase(204, true)]
    [TestCase(503, false)]
    [TestCase(500, false)]
    public async Task Healthy_only_on_a_success_status(int status, bool healthy)
    {
        using var server = new LoopbackServer(status);
        var (result, message) = await Probe.CheckAsync(server.Url, TimeSpan.FromSeconds(5));
        Assert.That(result, Is.EqualTo(healthy), message);
        Assert.That(server.LastPath, Is.EqualTo(Probe.LivePath));
    }

    [Test]
    public async Task Unhealthy_when_nothing_listens()
    {
        var port = LoopbackPort.Free();
        var (result, message) = await Probe.CheckAsync(new Uri($"http://127.0.0.1:{port}{Probe.LivePath}"), TimeSpan.FromSeconds(5));
        Assert.That(result, Is.False);
        Assert.That(message, Does.Contain("unreachable"));
    }

    [Test]
    public async Task Unhealthy_when_the_answer_is_late()
    {
        using var server = new LoopbackServer(200, delay: TimeSpan.FromSeconds(3));
        var (result, message) = await Probe.CheckAsync(server.Url, TimeSpan.FromMilliseconds(300));
        Assert.That(result, Is.False);
        Assert.That(message, Does.Contain("did not answer"));
    }

    [TestCase(null, "http://127.0.0.1:8080/health/live")]
    [TestCase("8080", "http://127.0.0.1:8080/health/live")]
    [TestCase("5000;5001", "http://127.0.0.1:5000/health/live")]
    [TestCase("nonsense", "http://127.0.0.1:8080/health/live")]
    public void Default_url_follows_ASPNETCORE_HTTP_PORTS(string? ports, string expected) =>
        Assert.That(Probe.DefaultUrl(ports).ToString(), Is.EqualTo(expected));

    [Test]
    public void Probes_the_path_ServiceDefaults_maps_for_liveness() =>
        Assert.That(Facts.RepositoryFacts.Current.LivePath, Is.EqualTo(Probe.LivePath));

    private sealed class LoopbackServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public LoopbackServer(int status, TimeSpan delay = default)
        {
            var port = LoopbackPort.Free();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            Url = new Uri($"http://127.0.0.1:{port}{Probe.LivePath}");
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try { context = await _listener.GetContextAsync(); }
                    catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException) { return; }
                    LastPath = context.Request.Url?.AbsolutePath;
                    if (delay > TimeSpan.Zero) await Task.Delay(delay);
                    try
                    {
                        context.Response.StatusCode = status;
                        context.Response.Close();
                    }
                    catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                    {
                        // The probe gave up and closed the connection first.
                    }
                }
            });
        }

        public Uri Url { get; }
        public string? LastPath { get; private set; }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
