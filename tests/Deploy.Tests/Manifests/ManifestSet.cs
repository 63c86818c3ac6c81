using k8s;
using k8s.Models;

namespace Jade.Deploy.Tests.Manifests;

/// <summary>A pod template of a Deployment or Job: what the cluster will actually run.</summary>
public sealed record Workload(string Kind, string Name, V1ObjectMeta PodMetadata, V1PodSpec Spec)
{
    public IDictionary<string, string> Labels => PodMetadata.Labels ?? new Dictionary<string, string>();
    public IDictionary<string, string> Annotations => PodMetadata.Annotations ?? new Dictionary<string, string>();
    public IEnumerable<V1Container> AllContainers => (Spec.InitContainers ?? []).Concat(Spec.Containers ?? []);
    public override string ToString() => $"{Kind}/{Name}";
}

/// <summary>The objects of one rendered overlay, with the look-ups the rules share.</summary>
public sealed class ManifestSet(IReadOnlyList<IKubernetesObject> objects)
{
    public const string Namespace = "jade";

    public IReadOnlyList<IKubernetesObject> Objects { get; } = objects;

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public IEnumerable<V1Deployment> Deployments => All<V1Deployment>();
    public IEnumerable<V1Job> Jobs => All<V1Job>();
    public IEnumerable<V1Service> Services => All<V1Service>();
    public IEnumerable<V1NetworkPolicy> NetworkPolicies => All<V1NetworkPolicy>();
    public IEnumerable<V1ConfigMap> ConfigMaps => All<V1ConfigMap>();
    public IEnumerable<V1Secret> Secrets => All<V1Secret>();
    public IEnumerable<ExternalSecret> ExternalSecrets => All<ExternalSecret>();

    public V1Deployment? Deployment(string name) => Deployments.FirstOrDefault(d => d.Metadata.Name == name);

    public IEnumerable<Workload> Workloads =>
        Deployments.Select(d => new Workload("Deployment", d.Metadata.Name, d.Spec.Template.Metadata ?? new V1ObjectMeta(), d.Spec.Template.Spec))
            .Concat(Jobs.Select(j => new Workload("Job", j.Metadata.Name, j.Spec.Template.Metadata ?? new V1ObjectMeta(), j.Spec.Template.Spec)));

    public Workload? WorkloadOf(V1Deployment deployment) => Workloads.FirstOrDefault(w => w.Kind == "Deployment" && w.Name == deployment.Metadata.Name);

    /// <summary>The ConfigMap an envFrom names (kustomize adds a hash suffix to generated ones and rewrites the reference).</summary>
    public V1ConfigMap? ConfigMap(string name) => ConfigMaps.FirstOrDefault(c => c.Metadata.Name == name);

    /// <summary>Every environment variable a container gets from literal values and ConfigMaps (not secrets).</summary>
    public Dictionary<string, string> PlainEnvironment(V1Container container)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            if (source.ConfigMapRef?.Name is { } name && ConfigMap(name)?.Data is { } data)
            {
                foreach (var (key, value) in data) env[(source.Prefix ?? "") + key] = value;
            }
        }
        foreach (var variable in container.Env ?? [])
        {
            if (variable.Value is not null) env[variable.Name] = variable.Value;
        }
        return env;
    }

    /// <summary>The names of every environment variable a container gets, from any source.</summary>
    public HashSet<string> EnvironmentNames(V1Container container)
    {
        var names = PlainEnvironment(container).Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var variable in container.Env ?? []) names.Add(variable.Name);
        return names;
    }

    public string? SiteParameter(string key) =>
        ConfigMap("jade-site")?.Data is { } data && data.TryGetValue(key, out var value) ? value : null;

    public static string Describe(IKubernetesObject o) => $"{o.Kind}/{(o as IKubernetesObject<V1ObjectMeta>)?.Metadata?.Name}";
}

public static class Selectors
{
    /// <summary>Kubernetes label-selector semantics: every matchLabels pair and every matchExpressions requirement.</summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null) return false;
        labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value) return false;
        }
        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(requirement.Key, out var actual);
            var values = requirement.Values ?? [];
            var ok = requirement.OperatorProperty switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    public static bool MatchesLabels(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && Matches(new V1LabelSelector { MatchLabels = selector }, labels);

    public static bool IsEmpty(V1LabelSelector? selector) =>
        selector is null || ((selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0);
}

public static class DictionaryExtensions
{
    public static string? Get(this IDictionary<string, string>? dictionary, string key) =>
        dictionary is not null && dictionary.TryGetValue(key, out var value) ? value : null;
}
