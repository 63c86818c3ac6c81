using Jade.Deploy.Tests.Facts;
using Jade.Deploy.Tests.Manifests;

namespace Jade.Deploy.Tests.Rules;

public delegate IEnumerable<string> OverlayRule(RenderedOverlay overlay, RepositoryFacts facts);

public delegate IEnumerable<string> DockerfileRule(HostInfo host, Dockerfile file, RepositoryFacts facts);

/// <summary>The platform's rules, by name: every overlay must satisfy every overlay rule, every host's Dockerfile every Dockerfile rule.</summary>
public static class Policy
{
    public static readonly string[] Overlays = ["dev", "prod", "dapr"];

    public static readonly IReadOnlyDictionary<string, OverlayRule> OverlayRules = new Dictionary<string, OverlayRule>
    {
        [nameof(WorkloadRules.EveryHostIsDeployed)] = WorkloadRules.EveryHostIsDeployed,
        [nameof(WorkloadRules.ProbesUseServiceDefaultsEndpoints)] = WorkloadRules.ProbesUseServiceDefaultsEndpoints,
        [nameof(WorkloadRules.SelectorsMatchPods)] = WorkloadRules.SelectorsMatchPods,
        [nameof(WorkloadRules.PortsAgree)] = WorkloadRules.PortsAgree,
        [nameof(WorkloadRules.PodsAreLockedDown)] = WorkloadRules.PodsAreLockedDown,
        [nameof(WorkloadRules.ResourcesAreBounded)] = WorkloadRules.ResourcesAreBounded,
        [nameof(WorkloadRules.PodsSpreadAndAreScraped)] = WorkloadRules.PodsSpreadAndAreScraped,
        [nameof(WorkloadRules.ScalingAndDisruption)] = WorkloadRules.ScalingAndDisruption,
        [nameof(WorkloadRules.MigrationJobsAreReleaseScoped)] = WorkloadRules.MigrationJobsAreReleaseScoped,
        [nameof(WorkloadRules.ImagesArePinned)] = WorkloadRules.ImagesArePinned,
        [nameof(WorkloadRules.ObjectsLiveInTheNamespace)] = WorkloadRules.ObjectsLiveInTheNamespace,
        [nameof(SecretRules.NoLiteralSecretsOutsideDevelopment)] = SecretRules.NoLiteralSecretsOutsideDevelopment,
        [nameof(SecretRules.SecretReferencesResolve)] = SecretRules.SecretReferencesResolve,
        [nameof(SecretRules.SecretSettingsComeFromSecrets)] = SecretRules.SecretSettingsComeFromSecrets,
        [nameof(SecretRules.ExternalSecretsAreWellFormed)] = SecretRules.ExternalSecretsAreWellFormed,
        [nameof(DaprRules.AppIdsAreTheGatewayClusters)] = DaprRules.AppIdsAreTheGatewayClusters,
        [nameof(DaprRules.SubscriptionsCoverTheHandlers)] = DaprRules.SubscriptionsCoverTheHandlers,
        [nameof(DaprRules.SubscriptionsDeadLetter)] = DaprRules.SubscriptionsDeadLetter,
        [nameof(DaprRules.SidecarsAreWired)] = DaprRules.SidecarsAreWired,
        [nameof(NetworkRules.DefaultDenyAndDns)] = NetworkRules.DefaultDenyAndDns,
        [nameof(NetworkRules.CodePathsAreAllowed)] = NetworkRules.CodePathsAreAllowed,
        [nameof(NetworkRules.DataStoresAreReachable)] = NetworkRules.DataStoresAreReachable,
        [nameof(NetworkRules.NothingIsOpen)] = NetworkRules.NothingIsOpen,
        [nameof(EdgeRules.IngressServesTheGatewayOverTls)] = EdgeRules.IngressServesTheGatewayOverTls,
        [nameof(EdgeRules.SiteParametersApplied)] = EdgeRules.SiteParametersApplied,
        [nameof(EdgeRules.OneOriginEverywhere)] = EdgeRules.OneOriginEverywhere,
        [nameof(EdgeRules.InClusterUrlsNameServices)] = EdgeRules.InClusterUrlsNameServices,
    };

    public static readonly IReadOnlyDictionary<string, DockerfileRule> DockerfileRules = new Dictionary<string, DockerfileRule>
    {
        [nameof(Rules.DockerfileRules.BaseImagesArePinned)] = Rules.DockerfileRules.BaseImagesArePinned,
        [nameof(Rules.DockerfileRules.ImagesMatchTheToolchain)] = Rules.DockerfileRules.ImagesMatchTheToolchain,
        [nameof(Rules.DockerfileRules.LastUserIsNonRoot)] = Rules.DockerfileRules.LastUserIsNonRoot,
        [nameof(Rules.DockerfileRules.ServesOnPort8080WithHealthCheck)] = Rules.DockerfileRules.ServesOnPort8080WithHealthCheck,
        [nameof(Rules.DockerfileRules.CopiesEveryProject)] = Rules.DockerfileRules.CopiesEveryProject,
        [nameof(Rules.DockerfileRules.GatewayCarriesTheSpa)] = Rules.DockerfileRules.GatewayCarriesTheSpa,
        [nameof(Rules.DockerfileRules.PublishesReadyToRun)] = Rules.DockerfileRules.PublishesReadyToRun,
    };

    public static string Report(IEnumerable<string> violations) => string.Join(Environment.NewLine, violations.Select(v => "  - " + v));
}
