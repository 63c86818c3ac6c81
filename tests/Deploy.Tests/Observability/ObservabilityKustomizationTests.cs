using k8s;
using k8s.Models;

namespace Jade.Deploy.Tests.Observability;

/// <summary>
/// k8s/observability renders, loads strictly as Kubernetes objects, and hands Prometheus exactly the files promtool
/// checked, at the paths prometheus.yml names.
/// </summary>
public sealed class ObservabilityKustomizationTests
{
    private List<object> _objects = null!;

    [OneTimeSetUp]
    public async Task RenderAsync()
    {
        // kubectl from KUBECTL, as the policy suite takes it, or from PATH.
        var kubectl = Environment.GetEnvironmentVariable("KUBECTL") is { Length: > 0 } path ? path : Tool.Find("kubectl", "kubectl");
        var render = await Tool.RunAsync(kubectl, ["kustomize", ObservabilityFiles.Folder]);
        Assert.That(render.ExitCode, Is.Zero, render.ToString);
        _objects = KubernetesYaml.LoadAllFromString(render.Output, strict: true);
    }

    [Test]
    public void The_config_maps_hold_the_checked_files_byte_for_byte()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ConfigMap("prometheus-config").Data["prometheus.yml"], Is.EqualTo(File.ReadAllText(ObservabilityFiles.KubernetesConfig)));
            Assert.That(ConfigMap("prometheus-rules").Data["jade-alerts.yml"], Is.EqualTo(File.ReadAllText(ObservabilityFiles.Rules)));
        });
    }

    [Test]
    public void Prometheus_reads_its_configuration_and_the_rules_where_the_configuration_says()
    {
        var pod = _objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "prometheus").Spec.Template.Spec;
        var container = pod.Containers.Single();
        var mount = container.VolumeMounts.Single(m => m.Name == "config");
        var files = pod.Volumes.Single(v => v.Name == "config").Projected.Sources
            .SelectMany(s => s.ConfigMap.Items.Select(i => (s.ConfigMap.Name, i.Key, Path: $"{mount.MountPath}/{i.Path}")))
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(container.Args, Does.Contain($"--config.file={mount.MountPath}/prometheus.yml"));
            Assert.That(files, Is.EquivalentTo(new[]
            {
                ("prometheus-config", "prometheus.yml", "/etc/prometheus/prometheus.yml"),
                // prometheus.yml: rule_files: [rules/jade-alerts.yml], relative to the configuration file.
                ("prometheus-rules", "jade-alerts.yml", "/etc/prometheus/rules/jade-alerts.yml"),
            }));
            Assert.That(pod.ServiceAccountName, Is.EqualTo("prometheus"));
            Assert.That(container.SecurityContext.ReadOnlyRootFilesystem, Is.True);
            Assert.That(pod.SecurityContext.RunAsNonRoot, Is.True);
        });
    }

    [Test]
    public void Pod_discovery_may_read_pods_in_jade_and_nothing_more()
    {
        var role = _objects.OfType<V1Role>().Single(r => r.Metadata.NamespaceProperty == "jade");
        var binding = _objects.OfType<V1RoleBinding>().Single(b => b.Metadata.NamespaceProperty == "jade");

        Assert.Multiple(() =>
        {
            Assert.That(role.Rules.Select(r => (string.Join(",", r.Resources), string.Join(",", r.Verbs))), Is.EqualTo(new[] { ("pods", "get,list,watch") }));
            Assert.That(binding.RoleRef.Name, Is.EqualTo(role.Metadata.Name));
            Assert.That(binding.Subjects.Select(s => $"{s.Kind} {s.NamespaceProperty}/{s.Name}"), Is.EqualTo(new[] { "ServiceAccount monitoring/prometheus" }));
            Assert.That(_objects.OfType<V1ClusterRole>(), Is.Empty, "no cluster-wide rights");
        });
    }

    private V1ConfigMap ConfigMap(string name) => _objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == name);
}
