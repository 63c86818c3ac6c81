using System.Globalization;
using Jade.Deploy.Tests.Facts;
using Jade.Deploy.Tests.Manifests;
using k8s.Models;

namespace Jade.Deploy.Tests.Rules;

/// <summary>A pod somewhere in the cluster, as NetworkPolicy peers see it.</summary>
public sealed record Endpoint(string Namespace, IDictionary<string, string> Labels, string Description)
{
    public IDictionary<string, string> NamespaceLabels => new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = Namespace };
    public override string ToString() => Description;
}

/// <summary>
/// Network rules, evaluated with NetworkPolicy semantics: a connection is allowed when some policy selecting the client
/// allows the egress and some policy selecting the server allows the ingress (pods no policy selects are open, but the
/// default deny selects them all).
/// </summary>
public static class NetworkRules
{
    public static IEnumerable<string> DefaultDenyAndDns(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        if (!m.NetworkPolicies.Any(p => Selectors.IsEmpty(p.Spec.PodSelector) && (p.Spec.PolicyTypes ?? []).Contains("Ingress")
                && (p.Spec.PolicyTypes ?? []).Contains("Egress") && (p.Spec.Ingress?.Count ?? 0) == 0 && (p.Spec.Egress?.Count ?? 0) == 0))
            yield return "no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)";
        var dns = new Endpoint("kube-system", new Dictionary<string, string> { ["k8s-app"] = "kube-dns" }, "cluster DNS");
        foreach (var w in m.Workloads)
        {
            if (!EgressAllowed(m, w, dns, 53, null, "UDP")) yield return $"{w}: cannot resolve names (no egress to kube-dns on UDP 53)";
        }
    }

    /// <summary>The calls the code makes are allowed, both ways: the gateway to every cluster it routes to, every service
    /// that validates bearer tokens (and the BFF) to identity; telemetry to the collector, scraping from Prometheus.</summary>
    public static IEnumerable<string> CodePathsAreAllowed(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        var gateway = m.Deployment("gateway") is { } g ? m.WorkloadOf(g) : null;
        if (gateway is null) yield break;
        var gatewayEnv = m.PlainEnvironment(m.Deployment("gateway")!.Spec.Template.Spec.Containers.First());
        foreach (var cluster in facts.GatewayClusters)
        {
            var setting = $"ReverseProxy__Clusters__{cluster}__Destinations__d1__Address";
            if (!gatewayEnv.TryGetValue(setting, out var address))
            {
                yield return $"gateway: cluster {cluster} keeps its local destination; set {setting} to the in-cluster Service";
                continue;
            }
            foreach (var v in CheckCall(m, gateway, address, $"gateway → {cluster} ({setting})")) yield return v;
        }
        if (gatewayEnv.TryGetValue("Bff__MetadataAddress", out var bff))
            foreach (var v in CheckCall(m, gateway, bff, "gateway (BFF back channel) → identity")) yield return v;
        else
            yield return "gateway: Bff__MetadataAddress is not set";

        foreach (var host in facts.Services.Where(facts.ValidatesBearerTokens))
        {
            if (m.Deployment(host.Name) is not { } d) continue;
            var env = m.PlainEnvironment(d.Spec.Template.Spec.Containers.First());
            if (!env.TryGetValue("Identity__MetadataAddress", out var metadata))
            {
                yield return $"{host.Name}: validates bearer tokens but Identity__MetadataAddress is not set (it would fetch identity's keys through the public edge)";
                continue;
            }
            foreach (var v in CheckCall(m, m.WorkloadOf(d)!, metadata, $"{host.Name} → identity (token validation)")) yield return v;
        }

        var monitoring = m.SiteParameter("monitoringNamespace");
        var prometheus = new Endpoint(monitoring ?? "monitoring", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "prometheus" }, "Prometheus");
        var collector = new Endpoint(monitoring ?? "monitoring", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "opentelemetry-collector" }, "the OTLP collector");
        foreach (var d in m.Deployments)
        {
            var w = m.WorkloadOf(d)!;
            if (int.TryParse(w.Annotations.Get("prometheus.io/port"), out var scrape) && !IngressAllowed(m, prometheus, w, scrape, "http", "TCP"))
                yield return $"{w}: Prometheus ({prometheus.Namespace}) cannot scrape port {scrape}";
            if (!EgressAllowed(m, w, collector, 4317, null, "TCP"))
                yield return $"{w}: cannot send traces to the collector ({collector.Namespace}:4317)";
        }
        var ingressNamespace = m.SiteParameter("ingressNamespace") ?? "ingress-nginx";
        var controller = new Endpoint(ingressNamespace, new Dictionary<string, string> { ["app.kubernetes.io/name"] = "ingress-nginx" }, "the ingress controller");
        if (!IngressAllowed(m, controller, gateway, WorkloadRules.HttpPort, "http", "TCP"))
            yield return $"gateway: the ingress controller ({ingressNamespace}) cannot reach it";
        foreach (var (w, _) in DaprRules.AppIds(overlay))
        {
            var sentry = new Endpoint("dapr-system", new Dictionary<string, string> { ["app"] = "dapr-sentry" }, "dapr-sentry");
            var operatorApi = new Endpoint("dapr-system", new Dictionary<string, string> { ["app"] = "dapr-operator" }, "dapr-operator");
            if (!EgressAllowed(m, w, sentry, 50001, null, "TCP")) yield return $"{w}: its Dapr sidecar cannot reach dapr-sentry (50001) for its certificate";
            if (!EgressAllowed(m, w, operatorApi, 6500, null, "TCP")) yield return $"{w}: its Dapr sidecar cannot reach dapr-operator (6500) for components";
        }
    }

    /// <summary>Whatever has a database connection string can reach PostgreSQL; whatever has a broker URL, RabbitMQ.</summary>
    public static IEnumerable<string> DataStoresAreReachable(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        foreach (var w in m.Workloads)
        {
            var names = w.Spec.Containers.SelectMany(c => m.EnvironmentNames(c)).ToHashSet();
            if (names.Any(n => n.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && n != "ConnectionStrings__rabbitmq") && !ExternalEgress(m, w, 5432))
                yield return $"{w}: has a PostgreSQL connection string but no egress to TCP 5432";
            if (names.Contains("ConnectionStrings__rabbitmq") && !ExternalEgress(m, w, 5672) && !ExternalEgress(m, w, 5671))
                yield return $"{w}: has a RabbitMQ URL but no egress to TCP 5671/5672";
        }
        foreach (var host in facts.Hosts)
        {
            if (m.Deployment(host.Name) is not { } d) continue;
            var names = m.EnvironmentNames(d.Spec.Template.Spec.Containers.First());
            if (facts.UsesDatabase(host) && !names.Any(n => n.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && n != "ConnectionStrings__rabbitmq"))
                yield return $"{host.Name}: uses a database (AddServiceDatabase) but gets no ConnectionStrings__<schema>";
            if (facts.UsesBus(host) && !names.Contains("ConnectionStrings__rabbitmq") && !DaprRules.AppIds(overlay).Any(a => a.AppId == host.Name))
                yield return $"{host.Name}: uses the bus but gets neither ConnectionStrings__rabbitmq nor a Dapr sidecar";
        }
    }

    /// <summary>Nothing is open to everyone; only the gateway takes traffic from outside the namespace (and Prometheus scrapes).</summary>
    public static IEnumerable<string> NothingIsOpen(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        var monitoring = m.SiteParameter("monitoringNamespace") ?? "monitoring";
        var ingressNamespace = m.SiteParameter("ingressNamespace") ?? "ingress-nginx";
        foreach (var p in m.NetworkPolicies)
        {
            var name = $"NetworkPolicy/{p.Metadata.Name}";
            foreach (var rule in p.Spec.Ingress ?? [])
            {
                if (rule.FromProperty is not { Count: > 0 }) { yield return $"{name}: an ingress rule allows every source"; continue; }
                foreach (var peer in rule.FromProperty)
                {
                    if (peer.IpBlock is { } block) yield return $"{name}: ingress from address range {block.Cidr}";
                    if (peer.NamespaceSelector is { } ns)
                    {
                        var target = ns.MatchLabels?.Get("kubernetes.io/metadata.name");
                        var selected = m.Workloads.Where(w => Selectors.Matches(p.Spec.PodSelector, w.Labels)).ToList();
                        var gatewayOnly = selected.Count > 0 && selected.All(w => w.Labels.Get("app.kubernetes.io/name") == "gateway");
                        if (target is null) yield return $"{name}: ingress from every namespace";
                        else if (target != monitoring && !(target == ingressNamespace && gatewayOnly))
                            yield return $"{name}: ingress from namespace {target} (only the gateway takes outside traffic, from {ingressNamespace})";
                    }
                }
            }
            foreach (var rule in p.Spec.Egress ?? [])
            {
                if (rule.Ports is not { Count: > 0 }) yield return $"{name}: an egress rule allows every port";
                if (rule.To is not { Count: > 0 }) yield return $"{name}: an egress rule allows every destination";
                foreach (var block in (rule.To ?? []).Select(t => t.IpBlock).OfType<V1IPBlock>().Where(b => b.Cidr is "0.0.0.0/0" or "::/0"))
                {
                    if (!(block.Except ?? []).Contains("169.254.0.0/16")) yield return $"{name}: egress to the internet does not exclude the cloud metadata range 169.254.0.0/16";
                    if (!(block.Except ?? []).Contains("10.0.0.0/8")) yield return $"{name}: egress to the internet does not exclude private ranges";
                }
            }
        }
    }

    private static IEnumerable<string> CheckCall(ManifestSet m, Workload client, string url, string what)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Contains('.', StringComparison.Ordinal))
        {
            yield return $"{what}: {url} is not an in-cluster Service address (http://<service>/)";
            yield break;
        }
        var service = m.Services.FirstOrDefault(s => s.Metadata.Name == uri.Host);
        var port = service?.Spec.Ports?.FirstOrDefault(p => p.Port == uri.Port);
        var server = service is null ? null : m.Deployments.FirstOrDefault(d => Selectors.MatchesLabels(service.Spec.Selector, d.Spec.Template.Metadata?.Labels));
        if (service is null || port is null || server is null)
        {
            yield return $"{what}: {url} names no Service with port {uri.Port} in front of a Deployment";
            yield break;
        }
        var container = server.Spec.Template.Spec.Containers.First();
        var targetPort = WorkloadRules.ResolvePort(container, port.TargetPort?.ToString() ?? port.Port.ToString(CultureInfo.InvariantCulture));
        var portName = container.Ports?.FirstOrDefault(p => p.ContainerPort == targetPort)?.Name;
        var target = m.WorkloadOf(server)!;
        if (targetPort is not { } number)
        {
            yield return $"{what}: Service/{service.Metadata.Name} port {uri.Port} reaches no container port";
            yield break;
        }
        var to = new Endpoint(ManifestSet.Namespace, target.Labels, target.ToString());
        var from = new Endpoint(ManifestSet.Namespace, client.Labels, client.ToString());
        if (!EgressAllowed(m, client, to, number, portName, "TCP")) yield return $"{what}: no NetworkPolicy lets {client} connect out to {target} on {number}";
        if (!IngressAllowed(m, from, target, number, portName, "TCP")) yield return $"{what}: no NetworkPolicy lets {target} accept {client} on {number}";
    }

    public static bool EgressAllowed(ManifestSet m, Workload from, Endpoint to, int port, string? portName, string protocol)
    {
        var policies = m.NetworkPolicies.Where(p => (p.Spec.PolicyTypes ?? []).Contains("Egress") && Selectors.Matches(p.Spec.PodSelector ?? new V1LabelSelector(), from.Labels)).ToList();
        if (policies.Count == 0) return true;
        return policies.Any(p => (p.Spec.Egress ?? []).Any(rule =>
            PortMatches(rule.Ports, port, portName, protocol) && (rule.To is not { Count: > 0 } || rule.To.Any(peer => PeerMatches(peer, to)))));
    }

    public static bool IngressAllowed(ManifestSet m, Endpoint from, Workload to, int port, string? portName, string protocol)
    {
        var policies = m.NetworkPolicies.Where(p => (p.Spec.PolicyTypes ?? []).Contains("Ingress") && Selectors.Matches(p.Spec.PodSelector ?? new V1LabelSelector(), to.Labels)).ToList();
        if (policies.Count == 0) return true;
        return policies.Any(p => (p.Spec.Ingress ?? []).Any(rule =>
            PortMatches(rule.Ports, port, portName, protocol) && (rule.FromProperty is not { Count: > 0 } || rule.FromProperty.Any(peer => PeerMatches(peer, from)))));
    }

    /// <summary>Egress on <paramref name="port"/> to an address range (a data store outside the cluster's pods).</summary>
    private static bool ExternalEgress(ManifestSet m, Workload from, int port) =>
        m.NetworkPolicies.Where(p => (p.Spec.PolicyTypes ?? []).Contains("Egress") && Selectors.Matches(p.Spec.PodSelector ?? new V1LabelSelector(), from.Labels))
            .Any(p => (p.Spec.Egress ?? []).Any(rule => PortMatches(rule.Ports, port, null, "TCP") && (rule.To ?? []).Any(peer => peer.IpBlock is not null)));

    private static bool PeerMatches(V1NetworkPolicyPeer peer, Endpoint endpoint)
    {
        if (peer.IpBlock is not null) return false;
        if (peer.NamespaceSelector is null)
        {
            return endpoint.Namespace == ManifestSet.Namespace && Selectors.Matches(peer.PodSelector ?? new V1LabelSelector(), endpoint.Labels);
        }
        return Selectors.Matches(peer.NamespaceSelector, endpoint.NamespaceLabels)
            && (peer.PodSelector is null || Selectors.Matches(peer.PodSelector, endpoint.Labels));
    }

    private static bool PortMatches(IList<V1NetworkPolicyPort>? ports, int port, string? portName, string protocol)
    {
        if (ports is not { Count: > 0 }) return true;
        return ports.Any(p =>
        {
            if ((p.Protocol ?? "TCP") != protocol) return false;
            var value = p.Port?.ToString();
            if (value is null) return true;
            if (int.TryParse(value, out var number)) return number == port || (p.EndPort is { } end && port >= number && port <= end);
            return value == portName;
        });
    }
}
