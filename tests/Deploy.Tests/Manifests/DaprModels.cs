using k8s;
using k8s.Models;
using YamlDotNet.Serialization;

namespace Jade.Deploy.Tests.Manifests;

// Dapr's custom resources as Jade uses them, so the strict loader refuses a field Dapr does not define (a typo such as
// "deadLetterTopc" fails instead of vanishing). Only the fields Dapr's CRDs define are here; one Jade does not use yet
// is added when it is first used.

/// <summary>dapr.io/v1alpha1 Component.</summary>
public sealed class DaprComponent : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "dapr.io";
    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public V1ObjectMeta Metadata { get; set; } = new();
    public DaprComponentSpec Spec { get; set; } = new();
    public DaprComponentAuth? Auth { get; set; }
    public List<string>? Scopes { get; set; }
}

public sealed class DaprComponentSpec
{
    public string Type { get; set; } = "";
    public string Version { get; set; } = "";
    public string? InitTimeout { get; set; }
    public bool? IgnoreErrors { get; set; }
    public List<DaprMetadataItem> Metadata { get; set; } = [];
}

public sealed class DaprMetadataItem
{
    public string Name { get; set; } = "";
    public string? Value { get; set; }
    public DaprSecretKeyRef? SecretKeyRef { get; set; }
    public string? EnvRef { get; set; }
}

public sealed class DaprSecretKeyRef
{
    public string Name { get; set; } = "";
    public string? Key { get; set; }
}

public sealed class DaprComponentAuth
{
    public string? SecretStore { get; set; }
}

/// <summary>dapr.io/v1alpha1 Configuration.</summary>
public sealed class DaprConfiguration : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public V1ObjectMeta Metadata { get; set; } = new();
    public DaprConfigurationSpec Spec { get; set; } = new();
}

public sealed class DaprConfigurationSpec
{
    public DaprMtls? Mtls { get; set; }
    public DaprAccessControl? AccessControl { get; set; }
    public DaprTracing? Tracing { get; set; }
    public DaprMetric? Metric { get; set; }
    public List<DaprFeature>? Features { get; set; }
}

public sealed class DaprMtls
{
    public bool Enabled { get; set; }
    [YamlMember(Alias = "workloadCertTTL")]
    public string? WorkloadCertTtl { get; set; }
    public string? AllowedClockSkew { get; set; }
    public string? SentryAddress { get; set; }
    public string? ControlPlaneTrustDomain { get; set; }
}

public sealed class DaprAccessControl
{
    public string DefaultAction { get; set; } = "";
    public string? TrustDomain { get; set; }
    public List<DaprAppPolicy> Policies { get; set; } = [];
}

public sealed class DaprAppPolicy
{
    public string AppId { get; set; } = "";
    public string? DefaultAction { get; set; }
    public string? TrustDomain { get; set; }
    public string? Namespace { get; set; }
    public List<DaprOperation>? Operations { get; set; }
}

public sealed class DaprOperation
{
    public string Name { get; set; } = "";
    public List<string>? HttpVerb { get; set; }
    public string Action { get; set; } = "";
}

public sealed class DaprTracing
{
    public string? SamplingRate { get; set; }
    public DaprOtel? Otel { get; set; }
    public DaprZipkin? Zipkin { get; set; }
    public bool? Stdout { get; set; }
}

public sealed class DaprOtel
{
    public string EndpointAddress { get; set; } = "";
    public bool IsSecure { get; set; }
    public string Protocol { get; set; } = "";
}

public sealed class DaprZipkin
{
    public string EndpointAddress { get; set; } = "";
}

public sealed class DaprMetric
{
    public bool Enabled { get; set; }
}

public sealed class DaprFeature
{
    public string Name { get; set; } = "";
    public bool Enabled { get; set; }
}

/// <summary>dapr.io/v1alpha1 Resiliency.</summary>
public sealed class DaprResiliency : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public V1ObjectMeta Metadata { get; set; } = new();
    public DaprResiliencySpec Spec { get; set; } = new();
    public List<string>? Scopes { get; set; }
}

public sealed class DaprResiliencySpec
{
    public DaprResiliencyPolicies Policies { get; set; } = new();
    public DaprResiliencyTargets Targets { get; set; } = new();
}

public sealed class DaprResiliencyPolicies
{
    public Dictionary<string, string> Timeouts { get; set; } = [];
    public Dictionary<string, DaprRetry> Retries { get; set; } = [];
    public Dictionary<string, DaprCircuitBreaker> CircuitBreakers { get; set; } = [];
}

public sealed class DaprRetry
{
    public string Policy { get; set; } = "";
    public string? Duration { get; set; }
    public string? MaxInterval { get; set; }
    public int? MaxRetries { get; set; }
    public string? Matching { get; set; }
}

public sealed class DaprCircuitBreaker
{
    public int? MaxRequests { get; set; }
    public string? Interval { get; set; }
    public string? Timeout { get; set; }
    public string Trip { get; set; } = "";
}

public sealed class DaprResiliencyTargets
{
    public Dictionary<string, DaprPolicyNames>? Apps { get; set; }
    public Dictionary<string, DaprPolicyNames>? Actors { get; set; }
    public Dictionary<string, DaprComponentPolicies>? Components { get; set; }
}

public sealed class DaprComponentPolicies
{
    public DaprPolicyNames? Outbound { get; set; }
    public DaprPolicyNames? Inbound { get; set; }
}

public sealed class DaprPolicyNames
{
    public string? Timeout { get; set; }
    public string? Retry { get; set; }
    public string? CircuitBreaker { get; set; }
}

/// <summary>dapr.io/v2alpha1 Subscription (declarative).</summary>
public sealed class DaprSubscription : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public V1ObjectMeta Metadata { get; set; } = new();
    public DaprSubscriptionSpec Spec { get; set; } = new();
    public List<string>? Scopes { get; set; }
}

public sealed class DaprSubscriptionSpec
{
    [YamlMember(Alias = "pubsubname")]
    public string PubsubName { get; set; } = "";
    public string Topic { get; set; } = "";
    public DaprRoutes Routes { get; set; } = new();
    public string? DeadLetterTopic { get; set; }
    public Dictionary<string, string>? Metadata { get; set; }
    public DaprBulkSubscribe? BulkSubscribe { get; set; }
}

public sealed class DaprRoutes
{
    public List<DaprRouteRule>? Rules { get; set; }
    public string? Default { get; set; }
}

public sealed class DaprRouteRule
{
    public string Match { get; set; } = "";
    public string Path { get; set; } = "";
}

public sealed class DaprBulkSubscribe
{
    public bool Enabled { get; set; }
    public int? MaxMessagesCount { get; set; }
    public int? MaxAwaitDurationMs { get; set; }
}
