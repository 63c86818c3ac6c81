using System.Text.RegularExpressions;
using Jade.Deploy.Tests.Facts;
using Jade.Deploy.Tests.Manifests;
using k8s.Models;

namespace Jade.Deploy.Tests.Rules;

/// <summary>Rules about secrets: where their values may live and that every reference resolves.</summary>
public static partial class SecretRules
{
    /// <summary>Outside development the overlays carry no Secret objects at all: values come from the external store.</summary>
    public static IEnumerable<string> NoLiteralSecretsOutsideDevelopment(RenderedOverlay overlay, RepositoryFacts facts)
    {
        foreach (var secret in overlay.Manifests.Secrets)
        {
            var literal = (secret.Data?.Count ?? 0) + (secret.StringData?.Count ?? 0) > 0;
            if (!overlay.IsDevelopment)
                yield return $"Secret/{secret.Metadata.Name}: {(literal ? "literal data/stringData" : "a Secret object")} in overlay {overlay.Name}; reference the external store with an ExternalSecret";
        }
    }

    /// <summary>Every secret a pod, an annotation or a Dapr component names is provided by the overlay, with that key.</summary>
    public static IEnumerable<string> SecretReferencesResolve(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        // name → keys (null: any key, for ExternalSecrets that extract a whole remote secret).
        var provided = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        foreach (var s in m.Secrets)
            provided[s.Metadata.Name] = (s.Data?.Keys ?? []).Concat(s.StringData?.Keys ?? []).ToHashSet(StringComparer.Ordinal);
        foreach (var e in m.ExternalSecrets)
            provided[e.TargetName] = e.Spec.DataFrom is { Count: > 0 } ? null : (e.Spec.Data ?? []).Select(d => d.SecretKey).ToHashSet(StringComparer.Ordinal);

        IEnumerable<string> Check(string where, string name, string? key, bool optional = false)
        {
            if (!provided.TryGetValue(name, out var keys))
            {
                if (!optional) yield return $"{where}: secret {name} is provided by nothing in overlay {overlay.Name}";
            }
            else if (key is not null && keys is not null && !keys.Contains(key))
            {
                yield return $"{where}: secret {name} has no key {key}";
            }
        }

        foreach (var w in m.Workloads)
        {
            foreach (var c in w.AllContainers)
            {
                foreach (var env in c.Env ?? [])
                {
                    if (env.ValueFrom?.SecretKeyRef is { } r)
                        foreach (var v in Check($"{w} env {env.Name}", r.Name, r.Key, r.Optional == true)) yield return v;
                }
                foreach (var from in c.EnvFrom ?? [])
                {
                    if (from.SecretRef is { } r)
                        foreach (var v in Check($"{w} envFrom", r.Name, null, r.Optional == true)) yield return v;
                }
                foreach (var mount in c.VolumeMounts ?? [])
                {
                    var volume = w.Spec.Volumes?.FirstOrDefault(v => v.Name == mount.Name);
                    if (volume?.Secret is { } s && mount.SubPath is { Length: > 0 } sub)
                        foreach (var v in Check($"{w} mount {mount.MountPath}", s.SecretName, sub, s.Optional == true)) yield return v;
                }
            }
            foreach (var volume in w.Spec.Volumes ?? [])
            {
                if (volume.Secret is { } s)
                {
                    foreach (var v in Check($"{w} volume {volume.Name}", s.SecretName, null, s.Optional == true)) yield return v;
                    foreach (var item in s.Items ?? [])
                        foreach (var v in Check($"{w} volume {volume.Name}", s.SecretName, item.Key, s.Optional == true)) yield return v;
                }
            }
            if (w.Annotations.TryGetValue("dapr.io/app-token-secret", out var appToken))
                foreach (var v in Check($"{w} dapr.io/app-token-secret", appToken, "token")) yield return v;
            if (w.Annotations.TryGetValue("dapr.io/api-token-secret", out var apiToken))
                foreach (var v in Check($"{w} dapr.io/api-token-secret", apiToken, "token")) yield return v;
        }
        foreach (var component in m.All<DaprComponent>())
        {
            foreach (var item in component.Spec.Metadata.Where(i => i.SecretKeyRef is not null))
                foreach (var v in Check($"Component/{component.Metadata.Name} {item.Name}", item.SecretKeyRef!.Name, item.SecretKeyRef.Key)) yield return v;
        }
    }

    /// <summary>A setting that is a secret (passwords, keys, tokens, connection strings) never comes from a ConfigMap or a literal.</summary>
    public static IEnumerable<string> SecretSettingsComeFromSecrets(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        foreach (var config in m.ConfigMaps)
        {
            foreach (var key in (config.Data?.Keys ?? []).Where(k => SecretLooking().IsMatch(k)))
                yield return $"ConfigMap/{config.Metadata.Name}: {key} looks like a secret; it belongs in a Secret";
        }
        foreach (var w in m.Workloads)
        {
            foreach (var c in w.AllContainers)
            {
                foreach (var env in (c.Env ?? []).Where(e => e.Value is not null && SecretLooking().IsMatch(e.Name)))
                    yield return $"{w}: env {env.Name} is a literal value but looks like a secret";
            }
        }
    }

    private static readonly HashSet<string> StoreKinds = ["SecretStore", "ClusterSecretStore"];
    private static readonly HashSet<string> CreationPolicies = ["Owner", "Orphan", "Merge", "None"];
    private static readonly HashSet<string> DeletionPolicies = ["Delete", "Merge", "Retain"];
    private static readonly HashSet<string> DecodingStrategies = ["Auto", "Base64", "Base64URL", "None"];

    public static IEnumerable<string> ExternalSecretsAreWellFormed(RenderedOverlay overlay, RepositoryFacts facts)
    {
        foreach (var e in overlay.Manifests.ExternalSecrets)
        {
            var name = $"ExternalSecret/{e.Metadata.Name}";
            if (e.Spec.SecretStoreRef.Name is not { Length: > 0 }) yield return $"{name}: no secretStoreRef.name";
            if (e.Spec.SecretStoreRef.Kind is { } kind && !StoreKinds.Contains(kind)) yield return $"{name}: secretStoreRef.kind {kind} is not a store kind";
            if (e.Spec.Target?.CreationPolicy is { } creation && !CreationPolicies.Contains(creation)) yield return $"{name}: creationPolicy {creation} is not one of {string.Join("/", CreationPolicies)}";
            if (e.Spec.Target?.DeletionPolicy is { } deletion && !DeletionPolicies.Contains(deletion)) yield return $"{name}: deletionPolicy {deletion} is not one of {string.Join("/", DeletionPolicies)}";
            if ((e.Spec.Data?.Count ?? 0) + (e.Spec.DataFrom?.Count ?? 0) == 0) yield return $"{name}: neither data nor dataFrom";
            foreach (var d in e.Spec.Data ?? [])
            {
                if (d.SecretKey is not { Length: > 0 } || d.RemoteRef.Key is not { Length: > 0 }) yield return $"{name}: a data entry lacks secretKey or remoteRef.key";
                if (d.RemoteRef.DecodingStrategy is { } decoding && !DecodingStrategies.Contains(decoding)) yield return $"{name}: decodingStrategy {decoding} is unknown";
            }
            foreach (var from in e.Spec.DataFrom ?? [])
            {
                if (from.Extract is null && from.Find is null) yield return $"{name}: a dataFrom entry has neither extract nor find";
                if (from.Extract is { Key.Length: 0 }) yield return $"{name}: dataFrom.extract has no key";
                if (from.Extract?.DecodingStrategy is { } decoding && !DecodingStrategies.Contains(decoding)) yield return $"{name}: decodingStrategy {decoding} is unknown";
            }
        }
    }

    [GeneratedRegex(@"(?i)(password|secret(?!name)|apikey|token$|key$|^ConnectionStrings__)")]
    private static partial Regex SecretLooking();
}
