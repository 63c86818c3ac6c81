using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Jade.Deploy.Tests.Observability;

/// <summary>
/// The scrape configurations, checked by promtool and run by the real Prometheus: annotated running pods of namespace
/// jade become targets labelled with their service; everything else is left alone.
/// </summary>
public sealed class PrometheusConfigTests
{
    private static readonly Dictionary<string, string> Scrape = new()
    {
        ["prometheus.io/scrape"] = "true", ["prometheus.io/port"] = "8080", ["prometheus.io/path"] = "/metrics",
    };

    // TEST-NET addresses: the scrapes themselves go nowhere.
    private static readonly FakePod[] Pods =
    [
        new("jade", "ledger-7d9f-abcde", "192.0.2.10", "Running", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "ledger" }, Scrape, [8080]),
        // A Dapr sidecar declares ports of its own: still one target, on the annotated port.
        new("jade", "payments-5c4b-fghij", "192.0.2.11", "Running", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "payments" }, Scrape, [8080, 3500, 50001]),
        // Labelled the older way.
        new("jade", "risk-6a7b-klmno", "192.0.2.12", "Running", new Dictionary<string, string> { ["app"] = "risk" }, Scrape, [8080]),
        // A finished migration Job and a pod that does not ask to be scraped.
        new("jade", "ledger-migrate-1-0-0-pqrst", "192.0.2.13", "Succeeded", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "ledger" }, Scrape, [8080]),
        new("jade", "toolbox-uvwxy", "192.0.2.14", "Running", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "toolbox" }, new Dictionary<string, string>(), [8080]),
        // Another namespace's pod, even annotated, is not discovered.
        new("default", "stranger-zzzzz", "192.0.2.15", "Running", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "stranger" }, Scrape, [8080]),
        new("monitoring", "alertmanager-0", "192.0.2.20", "Running", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "alertmanager" }, new Dictionary<string, string>(), [9093]),
    ];

    [Test]
    public async Task The_local_configuration_passes_promtool_check_config()
    {
        var check = await Tool.RunAsync(ObservabilityFiles.Promtool, ["check", "config", ObservabilityFiles.LocalConfig]);
        Assert.That(check.ExitCode, Is.Zero, check.ToString);
    }

    [Test]
    public async Task The_kubernetes_configuration_passes_promtool_check_config_with_pod_discovery_stood_in_for()
    {
        using var standIn = KubernetesDiscoveryStandIn.For(ObservabilityFiles.KubernetesConfig, Pods);

        var check = await Tool.RunAsync(ObservabilityFiles.Promtool, ["check", "config", standIn.ConfigFile]);

        Assert.That(check.ExitCode, Is.Zero, check.ToString);
        Assert.That(standIn.Discovery.Select(Describe), Is.EquivalentTo(new[] { "pod in jade", "pod in monitoring" }),
            "the only discovery: jade's pods to scrape, Alertmanager's in monitoring");
    }

    [Test]
    public async Task Prometheus_turns_annotated_running_pods_of_jade_into_targets_labelled_by_service()
    {
        using var standIn = KubernetesDiscoveryStandIn.For(ObservabilityFiles.KubernetesConfig, Pods);
        await using var prometheus = await PrometheusServer.StartAsync(standIn.ConfigFile);

        // Discovered targets reach the scrape manager a few seconds after start.
        var targets = await Jade.Testing.Eventually.WaitForAsync(prometheus.TargetsAsync,
            t => t.GetProperty("activeTargets").GetArrayLength() == 4, TimeSpan.FromSeconds(30));
        var active = targets.GetProperty("activeTargets").EnumerateArray()
            .Where(t => t.GetProperty("labels").GetProperty("job").GetString() == "jade-services")
            .Select(t => (Labels: Labels(t.GetProperty("labels")), Url: t.GetProperty("scrapeUrl").GetString()))
            .OrderBy(t => t.Url, StringComparer.Ordinal)
            .ToList();
        var rabbitmq = targets.GetProperty("activeTargets").EnumerateArray()
            .Single(t => t.GetProperty("labels").GetProperty("job").GetString() == "rabbitmq").GetProperty("scrapeUrl").GetString();

        Assert.Multiple(() =>
        {
            Assert.That(active.Select(t => t.Url), Is.EqualTo(new[]
            {
                "http://192.0.2.10:8080/metrics", "http://192.0.2.11:8080/metrics", "http://192.0.2.12:8080/metrics",
            }));
            Assert.That(active.Select(t => t.Labels.GetValueOrDefault("service")), Is.EqualTo(new[] { "ledger", "payments", "risk" }));
            Assert.That(active.Select(t => t.Labels.GetValueOrDefault("pod")), Is.EqualTo(new[] { "ledger-7d9f-abcde", "payments-5c4b-fghij", "risk-6a7b-klmno" }));
            Assert.That(active.Select(t => t.Labels.GetValueOrDefault("namespace")), Is.All.EqualTo("jade"));
            Assert.That(rabbitmq, Does.EndWith(":15692/metrics/detailed?family=queue_coarse_metrics"));
        });
    }

    private static string Describe(YamlMappingNode discovery) =>
        $"{discovery.Scalar("role")} in {string.Join(",", ((YamlMappingNode)discovery.Children[new YamlScalarNode("namespaces")]).Sequence("names").Cast<YamlScalarNode>().Select(n => n.Value))}";

    private static Dictionary<string, string> Labels(JsonElement labels) =>
        labels.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
}
