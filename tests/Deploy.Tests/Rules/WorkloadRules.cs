using Jade.Deploy.Tests.Facts;
using Jade.Deploy.Tests.Manifests;
using k8s.Models;

namespace Jade.Deploy.Tests.Rules;

/// <summary>Rules about what runs: completeness per host, probes, selectors, ports, security, resources, scaling.</summary>
public static class WorkloadRules
{
    /// <summary>Services that run exactly one replica by design (docs/risk.md: behaviour windows live in the process).</summary>
    public static readonly IReadOnlySet<string> SingleReplicaByDesign = new HashSet<string> { "risk" };

    public const int HttpPort = 8080;

    public static IEnumerable<string> EveryHostIsDeployed(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        foreach (var host in facts.Hosts)
        {
            var deployment = m.Deployment(host.Name);
            if (deployment is null)
            {
                yield return $"{host.Name}: no Deployment named {host.Name}";
                continue;
            }
            var pods = m.WorkloadOf(deployment)!;
            if (!m.Services.Any(s => s.Metadata.Name == host.Name && Selectors.MatchesLabels(s.Spec.Selector, pods.Labels)))
                yield return $"{host.Name}: no Service named {host.Name} selecting its pods";
            // Its own policy: selects its pods and no other host's (namespace-wide and shared rules do not count).
            var others = m.Deployments.Where(d => d.Metadata.Name != host.Name).Select(d => d.Spec.Template.Metadata?.Labels).ToList();
            if (!m.NetworkPolicies.Any(p => !Selectors.IsEmpty(p.Spec.PodSelector) && Selectors.Matches(p.Spec.PodSelector, pods.Labels)
                    && !others.Any(labels => Selectors.Matches(p.Spec.PodSelector, labels))))
                yield return $"{host.Name}: no NetworkPolicy selects its pods (one of its own, besides the namespace-wide and shared rules)";
            if (!m.All<V1PodDisruptionBudget>().Any(p => Selectors.Matches(p.Spec.Selector, pods.Labels)))
                yield return $"{host.Name}: no PodDisruptionBudget selects its pods";
            if (!m.All<V2HorizontalPodAutoscaler>().Any(h => h.Spec.ScaleTargetRef is { Kind: "Deployment" } t && t.Name == host.Name))
                yield return $"{host.Name}: no HorizontalPodAutoscaler targets its Deployment";
            var image = deployment.Spec.Template.Spec.Containers.FirstOrDefault()?.Image;
            var migrations = m.Jobs.Where(j => j.Spec.Template.Spec.Containers.Any(c =>
                c.Image == image && ((c.Args ?? []).Contains(facts.MigrateFlag) || (c.Command ?? []).Contains(facts.MigrateFlag))));
            if (!migrations.Any())
                yield return $"{host.Name}: no migration Job runs its image ({image}) with {facts.MigrateFlag}";
            if (pods.Spec.ServiceAccountName is not { } account || !m.All<V1ServiceAccount>().Any(a => a.Metadata.Name == account))
                yield return $"{host.Name}: its pods name no ServiceAccount of the overlay";
        }
        foreach (var deployment in m.Deployments.Where(d => facts.Hosts.All(h => h.Name != d.Metadata.Name)))
            yield return $"Deployment/{deployment.Metadata.Name} is no host the repository builds (services/*/ or gateway/)";
    }

    public static IEnumerable<string> ProbesUseServiceDefaultsEndpoints(RenderedOverlay overlay, RepositoryFacts facts)
    {
        foreach (var deployment in overlay.Manifests.Deployments)
        {
            var name = deployment.Metadata.Name;
            var app = deployment.Spec.Template.Spec.Containers.FirstOrDefault(c => c.Name == name);
            if (app is null)
            {
                yield return $"{name}: no container named {name}";
                continue;
            }
            foreach (var (kind, probe, expected) in new[]
                     {
                         ("startup", app.StartupProbe, facts.LivePath), ("liveness", app.LivenessProbe, facts.LivePath),
                         ("readiness", app.ReadinessProbe, facts.ReadyPath),
                     })
            {
                if (probe?.HttpGet is not { } get)
                {
                    yield return $"{name}: no {kind} probe over HTTP";
                    continue;
                }
                if (get.Path != expected)
                    yield return $"{name}: {kind} probe GETs {get.Path}, but ServiceDefaults maps {expected} for it";
                if (ResolvePort(app, get.Port?.ToString()) is not HttpPort)
                    yield return $"{name}: {kind} probe port {get.Port} is not the http container port {HttpPort}";
            }
        }
    }

    public static IEnumerable<string> SelectorsMatchPods(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        var workloads = m.Workloads.ToList();
        foreach (var d in m.Deployments)
        {
            var labels = d.Spec.Template.Metadata?.Labels;
            if (Selectors.IsEmpty(d.Spec.Selector) || !Selectors.Matches(d.Spec.Selector, labels))
                yield return $"Deployment/{d.Metadata.Name}: selector does not match its pod template labels";
            foreach (var spread in d.Spec.Template.Spec.TopologySpreadConstraints ?? [])
            {
                if (!Selectors.Matches(spread.LabelSelector, labels))
                    yield return $"Deployment/{d.Metadata.Name}: topology spread ({spread.TopologyKey}) selects other pods than its own";
            }
        }
        foreach (var service in m.Services)
        {
            var selected = workloads.Where(w => Selectors.MatchesLabels(service.Spec.Selector, w.Labels)).ToList();
            if (selected.Count == 0)
                yield return $"Service/{service.Metadata.Name}: selector matches no pod";
            else if (selected.Any(w => w.Kind != "Deployment") || selected.Count > 1)
                yield return $"Service/{service.Metadata.Name}: selector matches {string.Join(", ", selected)}, not exactly one Deployment's pods";
        }
        foreach (var pdb in m.All<V1PodDisruptionBudget>())
        {
            if (!m.Deployments.Any(d => Selectors.Matches(pdb.Spec.Selector, d.Spec.Template.Metadata?.Labels)))
                yield return $"PodDisruptionBudget/{pdb.Metadata.Name}: selector matches no Deployment's pods";
        }
        foreach (var hpa in m.All<V2HorizontalPodAutoscaler>())
        {
            if (m.Deployment(hpa.Spec.ScaleTargetRef.Name) is null || hpa.Spec.ScaleTargetRef.Kind != "Deployment")
                yield return $"HorizontalPodAutoscaler/{hpa.Metadata.Name}: targets {hpa.Spec.ScaleTargetRef.Kind}/{hpa.Spec.ScaleTargetRef.Name}, which does not exist";
        }
        foreach (var policy in m.NetworkPolicies.Where(p => !Selectors.IsEmpty(p.Spec.PodSelector)))
        {
            if (!workloads.Any(w => Selectors.Matches(policy.Spec.PodSelector, w.Labels)))
                yield return $"NetworkPolicy/{policy.Metadata.Name}: podSelector matches no pod";
            var peers = (policy.Spec.Ingress ?? []).SelectMany(r => r.FromProperty ?? [])
                .Concat((policy.Spec.Egress ?? []).SelectMany(r => r.To ?? []));
            foreach (var peer in peers.Where(p => p.NamespaceSelector is null && p.PodSelector is not null))
            {
                if (!workloads.Any(w => Selectors.Matches(peer.PodSelector, w.Labels)))
                    yield return $"NetworkPolicy/{policy.Metadata.Name}: peer {Format(peer.PodSelector)} matches no pod in the namespace";
            }
        }
    }

    public static IEnumerable<string> PortsAgree(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        foreach (var d in m.Deployments)
        {
            var app = d.Spec.Template.Spec.Containers.First();
            var http = app.Ports?.FirstOrDefault(p => p.Name == "http");
            if (http?.ContainerPort != HttpPort)
                yield return $"Deployment/{d.Metadata.Name}: container port 'http' is {http?.ContainerPort.ToString() ?? "missing"}, the images listen on {HttpPort} (ASPNETCORE_HTTP_PORTS)";
            var annotations = d.Spec.Template.Metadata?.Annotations ?? new Dictionary<string, string>();
            if (annotations.TryGetValue("dapr.io/app-port", out var appPort) && (!int.TryParse(appPort, out var daprPort) || app.Ports?.Any(p => p.ContainerPort == daprPort) != true))
                yield return $"Deployment/{d.Metadata.Name}: dapr.io/app-port {appPort} is not a port of container {app.Name}";
            if (annotations.TryGetValue("prometheus.io/port", out var scrapePort) && (!int.TryParse(scrapePort, out var scrape) || app.Ports?.Any(p => p.ContainerPort == scrape) != true))
                yield return $"Deployment/{d.Metadata.Name}: prometheus.io/port {scrapePort} is not a port of container {app.Name}";
        }
        foreach (var service in m.Services)
        {
            var pods = m.Deployments.FirstOrDefault(d => Selectors.MatchesLabels(service.Spec.Selector, d.Spec.Template.Metadata?.Labels));
            if (pods is null) continue;
            foreach (var port in service.Spec.Ports ?? [])
            {
                var target = port.TargetPort?.ToString() ?? port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (pods.Spec.Template.Spec.Containers.All(c => ResolvePort(c, target) is null))
                    yield return $"Service/{service.Metadata.Name}: targetPort {target} is no container port of Deployment/{pods.Metadata.Name}";
            }
        }
    }

    public static IEnumerable<string> PodsAreLockedDown(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        foreach (var w in m.Workloads)
        {
            var pod = w.Spec.SecurityContext;
            if (pod?.RunAsNonRoot != true) yield return $"{w}: pod securityContext.runAsNonRoot is not true";
            if (pod?.RunAsUser is 0) yield return $"{w}: pod runs as uid 0";
            if (w.Spec.AutomountServiceAccountToken != false) yield return $"{w}: automountServiceAccountToken is not false";
            if (w.Spec.HostNetwork == true || w.Spec.HostPID == true || w.Spec.HostIPC == true) yield return $"{w}: shares a host namespace";
            var tmp = false;
            foreach (var c in w.AllContainers)
            {
                var sc = c.SecurityContext;
                var seccomp = sc?.SeccompProfile?.Type ?? pod?.SeccompProfile?.Type;
                if (seccomp != "RuntimeDefault") yield return $"{w}: container {c.Name} seccompProfile is {seccomp ?? "unset"}, not RuntimeDefault";
                if (sc?.AllowPrivilegeEscalation != false) yield return $"{w}: container {c.Name} allowPrivilegeEscalation is not false";
                if (sc?.ReadOnlyRootFilesystem != true) yield return $"{w}: container {c.Name} readOnlyRootFilesystem is not true";
                if (sc?.Privileged == true) yield return $"{w}: container {c.Name} is privileged";
                if (sc?.RunAsUser is 0) yield return $"{w}: container {c.Name} runs as uid 0";
                if (sc?.RunAsNonRoot == false) yield return $"{w}: container {c.Name} allows running as root";
                if (sc?.Capabilities?.Drop?.Contains("ALL") != true) yield return $"{w}: container {c.Name} does not drop ALL capabilities";
                if (sc?.Capabilities?.Add is { Count: > 0 } added) yield return $"{w}: container {c.Name} adds capabilities {string.Join(",", added)}";
                tmp |= (c.VolumeMounts ?? []).Any(v => v.MountPath == "/tmp" && (w.Spec.Volumes ?? []).Any(vol => vol.Name == v.Name && vol.EmptyDir is not null));
            }
            if (!tmp) yield return $"{w}: /tmp is not a writable emptyDir (the root file system is read-only)";
        }
        foreach (var account in m.All<V1ServiceAccount>())
        {
            if (account.AutomountServiceAccountToken != false)
                yield return $"ServiceAccount/{account.Metadata.Name}: automountServiceAccountToken is not false";
        }
    }

    public static IEnumerable<string> ResourcesAreBounded(RenderedOverlay overlay, RepositoryFacts facts)
    {
        foreach (var w in overlay.Manifests.Workloads)
        {
            foreach (var c in w.AllContainers)
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    if (c.Resources?.Requests?.ContainsKey(resource) != true) yield return $"{w}: container {c.Name} requests no {resource}";
                    if (c.Resources?.Limits?.ContainsKey(resource) != true) yield return $"{w}: container {c.Name} has no {resource} limit";
                }
            }
        }
    }

    public static IEnumerable<string> PodsSpreadAndAreScraped(RenderedOverlay overlay, RepositoryFacts facts)
    {
        foreach (var d in overlay.Manifests.Deployments)
        {
            var name = d.Metadata.Name;
            var spread = d.Spec.Template.Spec.TopologySpreadConstraints ?? [];
            if (!spread.Any(s => s.TopologyKey == "kubernetes.io/hostname"))
                yield return $"Deployment/{name}: no topology spread across nodes (kubernetes.io/hostname)";
            var annotations = d.Spec.Template.Metadata?.Annotations ?? new Dictionary<string, string>();
            if (!annotations.TryGetValue("prometheus.io/scrape", out var scrape) || scrape != "true")
                yield return $"Deployment/{name}: pods are not annotated prometheus.io/scrape: \"true\"";
            if (!annotations.TryGetValue("prometheus.io/path", out var path) || path != facts.MetricsPath)
                yield return $"Deployment/{name}: prometheus.io/path is {path ?? "unset"}, ServiceDefaults serves metrics at {facts.MetricsPath}";
            if (!annotations.ContainsKey("prometheus.io/port"))
                yield return $"Deployment/{name}: no prometheus.io/port annotation";
        }
    }

    public static IEnumerable<string> ScalingAndDisruption(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        foreach (var hpa in m.All<V2HorizontalPodAutoscaler>())
        {
            var name = hpa.Metadata.Name;
            var min = hpa.Spec.MinReplicas ?? 1;
            var max = hpa.Spec.MaxReplicas;
            if (hpa.Spec.Behavior?.ScaleUp is null || hpa.Spec.Behavior.ScaleDown is null)
                yield return $"HorizontalPodAutoscaler/{name}: no behavior for both scaleUp and scaleDown";
            if (hpa.Spec.Metrics is not { Count: > 0 }) yield return $"HorizontalPodAutoscaler/{name}: no metrics";
            if (min > max) yield return $"HorizontalPodAutoscaler/{name}: minReplicas {min} > maxReplicas {max}";
            if (overlay.IsDevelopment)
            {
                if (min != 1 || max != 1) yield return $"HorizontalPodAutoscaler/{name}: development runs one replica, not {min}..{max}";
            }
            else if (SingleReplicaByDesign.Contains(name))
            {
                if (min != 1 || max != 1) yield return $"HorizontalPodAutoscaler/{name}: {name} runs exactly one replica by design, not {min}..{max}";
            }
            else if (min < 2)
            {
                yield return $"HorizontalPodAutoscaler/{name}: minReplicas {min} leaves {name} without a second replica outside development";
            }
            var target = hpa.Spec.ScaleTargetRef.Name;
            if (m.Deployment(target)?.Spec.Replicas is not null)
                yield return $"Deployment/{target}: sets replicas although HorizontalPodAutoscaler/{name} owns the count (kubectl apply would reset it)";
        }
        foreach (var pdb in m.All<V1PodDisruptionBudget>())
        {
            var name = pdb.Metadata.Name;
            var deployment = m.Deployments.FirstOrDefault(d => Selectors.Matches(pdb.Spec.Selector, d.Spec.Template.Metadata?.Labels));
            var floor = m.All<V2HorizontalPodAutoscaler>().FirstOrDefault(h => h.Spec.ScaleTargetRef.Name == deployment?.Metadata.Name)?.Spec.MinReplicas ?? 1;
            if (pdb.Spec.MaxUnavailable is { } maxUnavailable && maxUnavailable.ToString() is "0" or "0%")
                yield return $"PodDisruptionBudget/{name}: maxUnavailable 0 blocks every node drain";
            if (pdb.Spec.MinAvailable is { } minAvailable && int.TryParse(minAvailable.ToString(), out var least) && least >= floor)
                yield return $"PodDisruptionBudget/{name}: minAvailable {least} with {floor} replica(s) blocks every node drain";
            if (pdb.Spec.MaxUnavailable is null && pdb.Spec.MinAvailable is null)
                yield return $"PodDisruptionBudget/{name}: sets neither maxUnavailable nor minAvailable";
        }
    }

    /// <summary>A migration Job's name ends in its image tag, so each release creates its own (Job templates are immutable).</summary>
    public static IEnumerable<string> MigrationJobsAreReleaseScoped(RenderedOverlay overlay, RepositoryFacts facts)
    {
        foreach (var job in overlay.Manifests.Jobs.Where(j => j.Spec.Template.Metadata?.Labels?.Get("app.kubernetes.io/component") == "migration"))
        {
            var name = job.Metadata.Name;
            var image = ImageReference.Parse(job.Spec.Template.Spec.Containers.First().Image);
            if (image.Tag is null || !name.EndsWith("-" + image.Tag, StringComparison.Ordinal))
                yield return $"Job/{name}: name does not end in its image tag ({image.Tag ?? "none"}), so the next release would patch this immutable Job";
            if (job.Spec.BackoffLimit is null) yield return $"Job/{name}: no backoffLimit";
            if (job.Spec.TtlSecondsAfterFinished is null) yield return $"Job/{name}: no ttlSecondsAfterFinished (finished Jobs would pile up)";
            if (job.Spec.Template.Spec.RestartPolicy is not ("Never" or "OnFailure")) yield return $"Job/{name}: restartPolicy must be Never or OnFailure";
        }
    }

    public static IEnumerable<string> ImagesArePinned(RenderedOverlay overlay, RepositoryFacts facts)
    {
        foreach (var w in overlay.Manifests.Workloads)
        {
            foreach (var c in w.AllContainers)
            {
                if (ImageReference.Parse(c.Image ?? "").PinningProblem() is { } problem)
                    yield return $"{w}: image {c.Image} {problem}";
            }
        }
    }

    public static IEnumerable<string> ObjectsLiveInTheNamespace(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        if (!m.All<V1Namespace>().Any(n => n.Metadata.Name == ManifestSet.Namespace))
            yield return $"no Namespace {ManifestSet.Namespace}";
        foreach (var o in m.Objects.Where(o => o is not V1Namespace))
        {
            var ns = (o as k8s.IKubernetesObject<V1ObjectMeta>)?.Metadata?.NamespaceProperty;
            if (ns != ManifestSet.Namespace)
                yield return $"{ManifestSet.Describe(o)}: namespace is {ns ?? "unset (kubectl would use the context's)"}, not {ManifestSet.Namespace}";
        }
    }

    /// <summary>The container port a probe or Service names (by name or number), or null when it names none.</summary>
    public static int? ResolvePort(V1Container container, string? port)
    {
        if (port is null) return null;
        if (int.TryParse(port, out var number)) return container.Ports?.Any(p => p.ContainerPort == number) == true ? number : null;
        return container.Ports?.FirstOrDefault(p => p.Name == port)?.ContainerPort;
    }

    private static string Format(V1LabelSelector? selector) =>
        "{" + string.Join(", ", (selector?.MatchLabels ?? new Dictionary<string, string>()).Select(kv => $"{kv.Key}={kv.Value}")) + "}";
}
