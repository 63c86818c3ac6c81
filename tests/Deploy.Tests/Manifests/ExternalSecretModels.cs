using k8s;
using k8s.Models;

namespace Jade.Deploy.Tests.Manifests;

/// <summary>external-secrets.io/v1 ExternalSecret: the fields of the External Secrets Operator's CRD that Jade uses.</summary>
public sealed class ExternalSecret : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public V1ObjectMeta Metadata { get; set; } = new();
    public ExternalSecretSpec Spec { get; set; } = new();

    /// <summary>The Secret the operator writes: target.name, or the ExternalSecret's own name.</summary>
    public string TargetName => Spec.Target?.Name is { Length: > 0 } name ? name : Metadata.Name;
}

public sealed class ExternalSecretSpec
{
    public string? RefreshInterval { get; set; }
    public string? RefreshPolicy { get; set; }
    public SecretStoreRef SecretStoreRef { get; set; } = new();
    public ExternalSecretTarget? Target { get; set; }
    public List<ExternalSecretData>? Data { get; set; }
    public List<ExternalSecretDataFrom>? DataFrom { get; set; }
}

public sealed class SecretStoreRef
{
    public string Name { get; set; } = "";
    public string? Kind { get; set; }
}

public sealed class ExternalSecretTarget
{
    public string? Name { get; set; }
    public string? CreationPolicy { get; set; }
    public string? DeletionPolicy { get; set; }
    public bool? Immutable { get; set; }
    public ExternalSecretTemplate? Template { get; set; }
}

public sealed class ExternalSecretTemplate
{
    public string? Type { get; set; }
    public string? EngineVersion { get; set; }
    public string? MergePolicy { get; set; }
    public ExternalSecretTemplateMetadata? Metadata { get; set; }
    public Dictionary<string, string>? Data { get; set; }
}

public sealed class ExternalSecretTemplateMetadata
{
    public Dictionary<string, string>? Annotations { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}

public sealed class ExternalSecretData
{
    public string SecretKey { get; set; } = "";
    public RemoteRef RemoteRef { get; set; } = new();
}

public sealed class ExternalSecretDataFrom
{
    public RemoteRef? Extract { get; set; }
    public ExternalSecretFind? Find { get; set; }
}

public sealed class RemoteRef
{
    public string Key { get; set; } = "";
    public string? Property { get; set; }
    public string? Version { get; set; }
    public string? ConversionStrategy { get; set; }
    public string? DecodingStrategy { get; set; }
    public string? MetadataPolicy { get; set; }
}

public sealed class ExternalSecretFind
{
    public string? Path { get; set; }
    public ExternalSecretFindName? Name { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    public string? ConversionStrategy { get; set; }
    public string? DecodingStrategy { get; set; }
}

public sealed class ExternalSecretFindName
{
    public string RegExp { get; set; } = "";
}
