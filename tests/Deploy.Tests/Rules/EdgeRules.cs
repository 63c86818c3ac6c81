using System.Net;
using System.Text.RegularExpressions;
using Jade.Deploy.Tests.Facts;
using Jade.Deploy.Tests.Manifests;
using k8s.Models;

namespace Jade.Deploy.Tests.Rules;

/// <summary>The public edge and the site parameters: TLS, one public origin everywhere, no base default left behind.</summary>
public static partial class EdgeRules
{
    /// <summary>Values in k8s/base that components/site must replace; any left in a rendered overlay is a missed target.</summary>
    public static readonly string[] BaseDefaults = ["public-host.invalid", "192.0.2.0/24", "site-ingress-class", "site-cluster-issuer", "otel-collector.invalid"];

    public static readonly string[] SiteParameters =
        ["publicHost", "tlsSecretName", "ingressClassName", "clusterIssuer", "ingressNamespace", "monitoringNamespace", "otlpEndpoint", "postgresCidr", "rabbitmqCidr"];

    public static IEnumerable<string> IngressServesTheGatewayOverTls(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        var ingresses = m.All<V1Ingress>().ToList();
        if (ingresses.Count == 0) yield return "no Ingress for the gateway";
        var host = m.SiteParameter("publicHost");
        foreach (var ingress in ingresses)
        {
            var name = $"Ingress/{ingress.Metadata.Name}";
            var tlsHosts = (ingress.Spec.Tls ?? []).SelectMany(t => t.Hosts ?? []).ToHashSet();
            if (ingress.Spec.IngressClassName is not { Length: > 0 }) yield return $"{name}: no ingressClassName";
            if ((ingress.Spec.Tls ?? []).Any(t => t.SecretName is not { Length: > 0 })) yield return $"{name}: a TLS entry names no certificate secret";
            foreach (var rule in ingress.Spec.Rules ?? [])
            {
                if (rule.Host is not { Length: > 0 }) yield return $"{name}: a rule without host";
                else if (!tlsHosts.Contains(rule.Host)) yield return $"{name}: host {rule.Host} is not covered by TLS";
                if (host is not null && rule.Host != host) yield return $"{name}: host {rule.Host} is not the site's publicHost {host}";
                foreach (var path in rule.Http?.Paths ?? [])
                {
                    var backend = path.Backend.Service;
                    var service = m.Services.FirstOrDefault(s => s.Metadata.Name == backend?.Name);
                    if (backend?.Name != "gateway") yield return $"{name}: {path.Path} goes to {backend?.Name ?? "no Service"}; only the gateway faces the internet";
                    else if (service?.Spec.Ports?.Any(p => p.Name == backend.Port?.Name || p.Port == backend.Port?.Number) != true)
                        yield return $"{name}: {path.Path} names port {backend.Port?.Name ?? backend.Port?.Number?.ToString(System.Globalization.CultureInfo.InvariantCulture)} the gateway Service does not have";
                }
            }
        }
    }

    public static IEnumerable<string> SiteParametersApplied(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        foreach (var leftover in BaseDefaults.Where(d => overlay.Yaml.Contains(d, StringComparison.Ordinal)))
            yield return $"the base default {leftover} survives in overlay {overlay.Name}: a components/site target is missing";
        if (m.ConfigMap("jade-site") is null)
        {
            yield return "no jade-site ConfigMap (site.env)";
            yield break;
        }
        foreach (var key in SiteParameters.Where(k => m.SiteParameter(k) is not { Length: > 0 }))
            yield return $"site parameter {key} is not set";
        if (m.SiteParameter("publicHost") is { } host && !HostName().IsMatch(host)) yield return $"publicHost {host} is not a DNS name";
        foreach (var key in new[] { "postgresCidr", "rabbitmqCidr" })
        {
            if (m.SiteParameter(key) is not { } cidr) continue;
            if (!IPNetwork.TryParse(cidr, out var network)) yield return $"{key} {cidr} is not a CIDR";
            else if (network.PrefixLength == 0) yield return $"{key} {cidr} opens every address";
        }
        if (m.SiteParameter("otlpEndpoint") is { } otlp && !Uri.TryCreate(otlp, UriKind.Absolute, out _)) yield return $"otlpEndpoint {otlp} is not a URL";
    }

    /// <summary>One public origin: the issuer every service validates, the BFF's authority, redirect URIs, channel call-backs.</summary>
    public static IEnumerable<string> OneOriginEverywhere(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        if (m.SiteParameter("publicHost") is not { } host) yield break;
        var origin = $"https://{host}/";
        foreach (var d in m.Deployments)
        {
            var env = m.PlainEnvironment(d.Spec.Template.Spec.Containers.First());
            foreach (var key in new[] { "Identity__Issuer", "Bff__Authority", "Payments__Channels__NotifyBaseUrl", "Payments__Channels__ReturnBaseUrl" })
            {
                if (env.TryGetValue(key, out var value) && value != origin) yield return $"{d.Metadata.Name}: {key} is {value}, not {origin}";
            }
            foreach (var (key, value) in env.Where(e => e.Key.Contains("RedirectUris", StringComparison.Ordinal)))
            {
                if (!value.StartsWith(origin, StringComparison.Ordinal)) yield return $"{d.Metadata.Name}: {key} {value} is not on {origin}";
            }
            if (facts.Hosts.FirstOrDefault(h => h.Name == d.Metadata.Name) is { } service && facts.ValidatesBearerTokens(service) && !env.ContainsKey("Identity__Issuer"))
                yield return $"{d.Metadata.Name}: validates bearer tokens but Identity__Issuer is not set";
        }
    }

    /// <summary>Every in-cluster URL in the settings (http://name/) names a Service of the overlay on that port.</summary>
    public static IEnumerable<string> InClusterUrlsNameServices(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        foreach (var config in m.ConfigMaps)
        {
            foreach (var (key, value) in config.Data ?? new Dictionary<string, string>())
            {
                if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != "http" || uri.Host.Contains('.', StringComparison.Ordinal) || uri.Host == "localhost") continue;
                if (!m.Services.Any(s => s.Metadata.Name == uri.Host && (s.Spec.Ports ?? []).Any(p => p.Port == uri.Port)))
                    yield return $"ConfigMap/{config.Metadata.Name}: {key}={value} names no Service {uri.Host} with port {uri.Port}";
            }
        }
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex HostName();
}
