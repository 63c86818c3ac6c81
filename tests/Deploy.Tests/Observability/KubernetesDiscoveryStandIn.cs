using YamlDotNet.RepresentationModel;

namespace Jade.Deploy.Tests.Observability;

/// <summary>A pod as Kubernetes pod discovery would see it.</summary>
internal sealed record FakePod(
    string Namespace, string Name, string Ip, string Phase, IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations, IReadOnlyList<int> ContainerPorts);

/// <summary>
/// Debian's prometheus and promtool are built without Kubernetes discovery ("Kubernetes support has been completely
/// removed", /usr/share/doc/prometheus/NEWS.Debian.gz) and refuse <c>kubernetes_sd_configs</c>. This writes a copy of
/// a configuration whose pod-discovery blocks are replaced by static targets carrying the
/// <c>__meta_kubernetes_pod_*</c> labels pod discovery gives the same pods (one target per container port, pods of the
/// listed namespaces only). Everything else — relabeling, rule files, the other jobs — is then checked and run by the
/// real Prometheus exactly as written.
/// </summary>
internal sealed class KubernetesDiscoveryStandIn : IDisposable
{
    private KubernetesDiscoveryStandIn(string folder, IReadOnlyList<YamlMappingNode> discovery) => (Folder, Discovery) = (folder, discovery);

    /// <summary>A temporary copy of k8s/observability holding the rewritten prometheus.yml and the rules beside it.</summary>
    public string Folder { get; }
    public string ConfigFile => Path.Combine(Folder, "prometheus.yml");

    /// <summary>The <c>kubernetes_sd_configs</c> entries that were replaced, for checks of their own.</summary>
    public IReadOnlyList<YamlMappingNode> Discovery { get; }

    public static KubernetesDiscoveryStandIn For(string configFile, IReadOnlyList<FakePod> pods)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(configFile)));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var discovery = new List<YamlMappingNode>();
        var jobs = root.Sequence("scrape_configs")
            .Concat(root.Children.TryGetValue(new YamlScalarNode("alerting"), out var alerting) ? ((YamlMappingNode)alerting).Sequence("alertmanagers") : [])
            .Cast<YamlMappingNode>();
        foreach (var job in jobs)
        {
            var blocks = job.Sequence("kubernetes_sd_configs").Cast<YamlMappingNode>().ToList();
            if (blocks.Count == 0) continue;
            discovery.AddRange(blocks);
            job.Children.Remove(new YamlScalarNode("kubernetes_sd_configs"));
            var namespaces = blocks.SelectMany(b => b.Children.TryGetValue(new YamlScalarNode("namespaces"), out var n) ? ((YamlMappingNode)n).Sequence("names") : [])
                .Select(n => ((YamlScalarNode)n).Value).ToHashSet();
            job.Add("static_configs", new YamlSequenceNode(pods.Where(p => namespaces.Contains(p.Namespace)).SelectMany(Targets)));
        }

        var folder = Directory.CreateTempSubdirectory("jade-prometheus-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "rules"));
        File.Copy(ObservabilityFiles.Rules, Path.Combine(folder, "rules", Path.GetFileName(ObservabilityFiles.Rules)));
        using (var writer = new StreamWriter(Path.Combine(folder, "prometheus.yml")))
        {
            stream.Save(writer, assignAnchors: false);
        }
        return new KubernetesDiscoveryStandIn(folder, discovery);
    }

    private static IEnumerable<YamlMappingNode> Targets(FakePod pod) => pod.ContainerPorts.Select(port =>
    {
        var labels = new Dictionary<string, string>
        {
            ["__meta_kubernetes_namespace"] = pod.Namespace,
            ["__meta_kubernetes_pod_name"] = pod.Name,
            ["__meta_kubernetes_pod_ip"] = pod.Ip,
            ["__meta_kubernetes_pod_phase"] = pod.Phase,
            ["__meta_kubernetes_pod_container_port_number"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in pod.Labels) labels[$"__meta_kubernetes_pod_label_{Sanitize(key)}"] = value;
        foreach (var (key, value) in pod.Annotations) labels[$"__meta_kubernetes_pod_annotation_{Sanitize(key)}"] = value;
        return new YamlMappingNode(
            new YamlScalarNode("targets"), new YamlSequenceNode(Quoted($"{pod.Ip}:{port}")),
            new YamlScalarNode("labels"), new YamlMappingNode(labels.Select(l => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(l.Key), Quoted(l.Value)))));
    });

    // Pod discovery's own rule: every character not valid in a label name becomes an underscore.
    private static string Sanitize(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_'));

    private static YamlScalarNode Quoted(string value) => new(value) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
