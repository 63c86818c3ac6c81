using Jade.Deploy.Tests.Facts;
using Jade.Deploy.Tests.Manifests;
using Jade.Deploy.Tests.Rules;

namespace Jade.Deploy.Tests;

/// <summary>
/// The suite can fail: each case breaks one thing in a copy of k8s/ (or of a Dockerfile), renders it like the real
/// overlays and expects the rule that guards it to name the violation, while the same rule passes on the intact tree.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class BrokenCopyTests
{
    private const string Sidecars = "components/dapr/sidecars.yaml";
    private const string Subscriptions = "components/dapr/subscriptions.yaml";

    public sealed record Breakage(string Name, string Overlay, string Rule, string Expected, params Edit[] Edits)
    {
        public override string ToString() => Name;
    }

    private static readonly Breakage[] Manifests =
    [
        // Completeness
        new("a service without PodDisruptionBudget", "prod", nameof(WorkloadRules.EveryHostIsDeployed), "ledger: no PodDisruptionBudget selects its pods",
            Edit.Replace("base/ledger/kustomization.yaml", "  - pdb.yaml\n", "")),
        new("a service without HorizontalPodAutoscaler", "dev", nameof(WorkloadRules.EveryHostIsDeployed), "notifications: no HorizontalPodAutoscaler",
            Edit.Replace("base/notifications/kustomization.yaml", "  - hpa.yaml\n", ""),
            Edit.CutFrom("overlays/dev/one-replica.yaml", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: notifications")),
        new("a migration Job that does not migrate", "prod", nameof(WorkloadRules.EveryHostIsDeployed), "ledger: no migration Job runs its image",
            Edit.Replace("base/ledger/migration-job.yaml", "args: [\"--migrate\"]", "args: [\"--verify\"]")),
        new("a service without its own NetworkPolicy", "prod", nameof(WorkloadRules.EveryHostIsDeployed), "risk: no NetworkPolicy selects its pods",
            Edit.Replace("base/risk/kustomization.yaml", "  - network-policy.yaml\n", "")),
        // Probes
        new("readiness probing the liveness endpoint", "prod", nameof(WorkloadRules.ProbesUseServiceDefaultsEndpoints), "payments: readiness probe GETs /health/live, but ServiceDefaults maps /health/ready",
            Edit.Replace("base/payments/deployment.yaml", "path: /health/ready", "path: /health/live")),
        new("a probe on an endpoint the code does not map", "dev", nameof(WorkloadRules.ProbesUseServiceDefaultsEndpoints), "risk: startup probe GETs /healthz",
            Edit.Replace("base/risk/deployment.yaml", "path: /health/live", "path: /healthz")),
        // Selectors
        new("a Service selecting no pod", "prod", nameof(WorkloadRules.SelectorsMatchPods), "Service/identity: selector matches no pod",
            Edit.Replace("base/identity/service.yaml", "selector:\n    app.kubernetes.io/name: identity", "selector:\n    app.kubernetes.io/name: identty")),
        new("a Service that also selects the migration Job", "prod", nameof(WorkloadRules.SelectorsMatchPods), "not exactly one Deployment's pods",
            Edit.Replace("base/ledger/service.yaml", "selector:\n    app.kubernetes.io/name: ledger\n    app.kubernetes.io/component: server\n", "selector:\n    app.kubernetes.io/name: ledger\n")),
        // Ports
        new("a Service targeting a port no container has", "prod", nameof(WorkloadRules.PortsAgree), "Service/notifications: targetPort 8081 is no container port",
            Edit.Replace("base/notifications/service.yaml", "targetPort: http", "targetPort: 8081")),
        new("a Dapr app-port the app does not listen on", "dapr", nameof(WorkloadRules.PortsAgree), "dapr.io/app-port 8081 is not a port",
            Edit.Replace(Sidecars, "dapr.io/app-port: \"8080\"", "dapr.io/app-port: \"8081\"")),
        // Security
        new("a writable root file system", "prod", nameof(WorkloadRules.PodsAreLockedDown), "Deployment/ledger: container ledger readOnlyRootFilesystem is not true",
            Edit.Replace("base/ledger/deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false")),
        new("privilege escalation in a migration Job", "prod", nameof(WorkloadRules.PodsAreLockedDown), "Job/gateway-migrate-1.0.0: container migrate allowPrivilegeEscalation is not false",
            Edit.Replace("base/gateway/migration-job.yaml", "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true")),
        new("capabilities kept", "dev", nameof(WorkloadRules.PodsAreLockedDown), "container identity does not drop ALL capabilities",
            Edit.Replace("base/identity/deployment.yaml", "drop: [ALL]", "drop: [NET_RAW]")),
        new("a pod allowed to run as root", "prod", nameof(WorkloadRules.PodsAreLockedDown), "Deployment/payments: pod securityContext.runAsNonRoot is not true",
            Edit.Replace("base/payments/deployment.yaml", "runAsNonRoot: true\n        runAsUser", "runAsNonRoot: false\n        runAsUser")),
        new("no seccomp profile", "prod", nameof(WorkloadRules.PodsAreLockedDown), "Deployment/risk: container risk seccompProfile is unset",
            Edit.Replace("base/risk/deployment.yaml", "        seccompProfile:\n          type: RuntimeDefault\n", "")),
        new("a ServiceAccount that mounts its token", "prod", nameof(WorkloadRules.PodsAreLockedDown), "ServiceAccount/ledger: automountServiceAccountToken is not false",
            Edit.Replace("base/ledger/serviceaccount.yaml", "automountServiceAccountToken: false", "automountServiceAccountToken: true")),
        new("no writable /tmp", "prod", nameof(WorkloadRules.PodsAreLockedDown), "Deployment/gateway: /tmp is not a writable emptyDir",
            Edit.Replace("base/gateway/deployment.yaml", "mountPath: /tmp", "mountPath: /scratch")),
        new("no memory limit", "prod", nameof(WorkloadRules.ResourcesAreBounded), "Deployment/ledger: container ledger has no memory limit",
            Edit.Replace("base/ledger/deployment.yaml", "              memory: 768Mi\n", "")),
        new("no topology spread", "prod", nameof(WorkloadRules.PodsSpreadAndAreScraped), "Deployment/identity: no topology spread across nodes",
            Edit.Replace("base/identity/deployment.yaml", "topologyKey: kubernetes.io/hostname", "topologyKey: kubernetes.io/os")),
        // Scaling
        new("an autoscaler without behavior", "prod", nameof(WorkloadRules.ScalingAndDisruption), "HorizontalPodAutoscaler/identity: no behavior",
            Edit.CutFrom("base/identity/hpa.yaml", "  behavior:\n")),
        new("a single production replica", "prod", nameof(WorkloadRules.ScalingAndDisruption), "minReplicas 1 leaves ledger without a second replica",
            Edit.Replace("overlays/prod/replicas.yaml", "  name: ledger\nspec:\n  minReplicas: 3", "  name: ledger\nspec:\n  minReplicas: 1")),
        new("a disruption budget that blocks drains", "prod", nameof(WorkloadRules.ScalingAndDisruption), "PodDisruptionBudget/gateway: maxUnavailable 0 blocks every node drain",
            Edit.Replace("base/gateway/pdb.yaml", "maxUnavailable: 1", "maxUnavailable: 0")),
        new("replicas fixed beside an autoscaler", "prod", nameof(WorkloadRules.ScalingAndDisruption), "Deployment/payments: sets replicas although",
            Edit.Replace("base/payments/deployment.yaml", "  revisionHistoryLimit: 5\n", "  revisionHistoryLimit: 5\n  replicas: 2\n")),
        new("a migration Job named for no release", "prod", nameof(WorkloadRules.MigrationJobsAreReleaseScoped), "Job/ledger-migrate-release: name does not end in its image tag",
            Edit.Replace("overlays/prod/kustomization.yaml", "  - ../../components/release\n", "")),
        // Images
        new("the moving tag latest", "prod", nameof(WorkloadRules.ImagesArePinned), "image registry.example.com/jade/ledger:latest uses the moving tag 'latest'",
            Edit.Replace("overlays/prod/images/kustomization.yaml", "newName: registry.example.com/jade/ledger\n    newTag: \"1.0.0\"", "newName: registry.example.com/jade/ledger\n    newTag: latest")),
        new("an untagged image", "dev", nameof(WorkloadRules.ImagesArePinned), "image busybox has no tag",
            Edit.Replace("base/ledger/deployment.yaml", "      containers:\n", "      initContainers:\n        - name: wait\n          image: busybox\n      containers:\n")),
        new("objects outside the namespace", "prod", nameof(WorkloadRules.ObjectsLiveInTheNamespace), "ExternalSecret/gateway-secrets: namespace is unset",
            Edit.Replace("overlays/prod/kustomization.yaml", "namespace: jade\n", "")),
        // Secrets
        new("a Secret with literal values in prod", "prod", nameof(SecretRules.NoLiteralSecretsOutsideDevelopment), "Secret/smtp-password: literal data/stringData in overlay prod",
            Edit.Create("overlays/prod/leak.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: smtp-password\nstringData:\n  password: hunter2\n"),
            Edit.Replace("overlays/prod/kustomization.yaml", "  - external-secrets.yaml\n", "  - external-secrets.yaml\n  - leak.yaml\n")),
        new("a generated Secret in the dapr overlay", "dapr", nameof(SecretRules.NoLiteralSecretsOutsideDevelopment), "Secret/ledger-dapr-app-token",
            Edit.Append("overlays/dapr/kustomization.yaml", "secretGenerator:\n  - name: ledger-dapr-app-token\n    literals: [token=abc]\n")),
        new("a reference to a secret nothing provides", "prod", nameof(SecretRules.SecretReferencesResolve), "secret risk-secret is provided by nothing",
            Edit.Replace("base/risk/deployment.yaml", "name: risk-secrets", "name: risk-secret")),
        new("a reference to a key the secret lacks", "dev", nameof(SecretRules.SecretReferencesResolve), "secret ledger-secrets",
            Edit.Replace("base/ledger/deployment.yaml", "key: ConnectionStrings__ledger", "key: ConnectionStrings__ledgr")),
        new("a password in a ConfigMap", "prod", nameof(SecretRules.SecretSettingsComeFromSecrets), "Notifications__Smtp__Password looks like a secret",
            Edit.Append("base/notifications/config.env", "Notifications__Smtp__Password=hunter2\n")),
        new("an ExternalSecret with an unknown policy", "prod", nameof(SecretRules.ExternalSecretsAreWellFormed), "deletionPolicy Keep is not one of",
            Edit.Replace("overlays/prod/external-secrets.yaml", "deletionPolicy: Retain", "deletionPolicy: Keep")),
        // Dapr
        new("an app id that is no gateway cluster", "dapr", nameof(DaprRules.AppIdsAreTheGatewayClusters), "dapr.io/app-id risk-scoring is no cluster id",
            Edit.Replace(Sidecars, "dapr.io/app-id: risk", "dapr.io/app-id: risk-scoring")),
        new("two apps with one id", "dapr", nameof(DaprRules.AppIdsAreTheGatewayClusters), "dapr.io/app-id ledger is used by",
            Edit.Replace(Sidecars, "dapr.io/app-id: payments", "dapr.io/app-id: ledger")),
        new("a subscription without dead-letter topic", "dapr", nameof(DaprRules.SubscriptionsDeadLetter), "Subscription/identity-case-resolved: no deadLetterTopic",
            Edit.Replace(Subscriptions, "  deadLetterTopic: identity-dead-letter\n", "")),
        new("dead letters sent to another app's topic", "dapr", nameof(DaprRules.SubscriptionsDeadLetter), "deadLetterTopic ledger-dead-letter is not notifications-dead-letter",
            Edit.Replace(Subscriptions, "deadLetterTopic: notifications-dead-letter", "deadLetterTopic: ledger-dead-letter")),
        new("a dead-letter topic no queue keeps", "dapr", nameof(DaprRules.SubscriptionsDeadLetter), "dead-letter topic risk-dead-letter is not retained",
            Edit.Replace("components/dapr/dead-letter-queues.yaml", " risk-dead-letter\n", "\n")),
        new("a handled message without subscription", "dapr", nameof(DaprRules.SubscriptionsCoverTheHandlers), "ledger handles topic user-registered but no Subscription",
            Edit.Replace(Subscriptions, "  name: ledger-user-registered\nspec:\n  pubsubname: jade-pubsub\n  topic: user-registered", "  name: ledger-user-registred\nspec:\n  pubsubname: jade-pubsub\n  topic: user-registred")),
        new("a sidecar while the bus stays on RabbitMQ", "dapr", nameof(DaprRules.SidecarsAreWired), "Deployment/ledger: has a Dapr sidecar but Messaging__Transport is unset",
            Edit.Replace("components/dapr/kustomization.yaml", "  - name: ledger-config\n    behavior: merge\n    literals: [Messaging__Transport=dapr]\n", "")),
        new("an app that cannot check the sidecar's token", "dapr", nameof(DaprRules.SidecarsAreWired), "Deployment/notifications: the app does not get APP_API_TOKEN",
            Edit.Replace(Sidecars, "- name: APP_API_TOKEN\n              valueFrom:\n                secretKeyRef:\n                  name: notifications-dapr-app-token", "- name: APP_TOKEN\n              valueFrom:\n                secretKeyRef:\n                  name: notifications-dapr-app-token")),
        new("access control allowing by default", "dapr", nameof(DaprRules.SidecarsAreWired), "accessControl.defaultAction is not deny",
            Edit.Replace("components/dapr/configuration.yaml", "defaultAction: deny", "defaultAction: allow")),
        new("a resiliency target naming an undefined policy", "dapr", nameof(DaprRules.SidecarsAreWired), "retry policy deliveries is not defined",
            Edit.Replace("components/dapr/resiliency.yaml", "retry: delivery", "retry: deliveries")),
        // Network
        new("no default deny", "prod", nameof(NetworkRules.DefaultDenyAndDns), "no default-deny NetworkPolicy",
            Edit.Replace("base/network/kustomization.yaml", "  - default-deny.yaml\n", "")),
        new("no DNS", "dev", nameof(NetworkRules.DefaultDenyAndDns), "cannot resolve names",
            Edit.Replace("base/network/kustomization.yaml", "  - allow-dns.yaml\n", "")),
        new("the gateway cut off from a cluster it routes to", "prod", nameof(NetworkRules.CodePathsAreAllowed), "gateway → payments",
            Edit.Replace("base/gateway/network-policy.yaml", "        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: payments\n              app.kubernetes.io/component: server\n", "")),
        new("a service refusing the gateway", "prod", nameof(NetworkRules.CodePathsAreAllowed), "no NetworkPolicy lets Deployment/ledger accept Deployment/gateway",
            Edit.Replace("base/ledger/network-policy.yaml", "  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: gateway", "  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: notifications")),
        new("a service that cannot fetch identity's keys", "prod", nameof(NetworkRules.CodePathsAreAllowed), "risk → identity (token validation)",
            Edit.Replace("base/identity/network-policy.yaml", "        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: risk\n              app.kubernetes.io/component: server\n", "")),
        new("a gateway cluster left on its local address", "prod", nameof(NetworkRules.CodePathsAreAllowed), "cluster ledger keeps its local destination",
            Edit.Replace("base/gateway/config.env", "ReverseProxy__Clusters__ledger__Destinations__d1__Address=http://ledger/\n", "")),
        new("a token-validating service without metadata address", "prod", nameof(NetworkRules.CodePathsAreAllowed), "risk: validates bearer tokens but Identity__MetadataAddress is not set",
            Edit.Replace("base/risk/config.env", "Identity__MetadataAddress=http://identity/.well-known/openid-configuration\n", "")),
        new("a service without database egress", "prod", nameof(NetworkRules.DataStoresAreReachable), "Deployment/risk: has a PostgreSQL connection string but no egress to TCP 5432",
            Edit.Replace("base/network/allow-postgres.yaml", "values: [gateway, identity, ledger, notifications, payments, risk]", "values: [gateway, identity, ledger, notifications, payments]")),
        new("ingress from every namespace", "prod", nameof(NetworkRules.NothingIsOpen), "NetworkPolicy/payments: ingress from every namespace",
            Edit.Replace("base/payments/network-policy.yaml", "  ingress:\n    - from:\n", "  ingress:\n    - from:\n        - namespaceSelector: {}\n")),
        new("internet egress that reaches the metadata endpoint", "prod", nameof(NetworkRules.NothingIsOpen), "does not exclude the cloud metadata range",
            Edit.Replace("base/payments/network-policy.yaml", "169.254.0.0/16, ", "")),
        // Edge and site
        new("a host the certificate does not cover", "prod", nameof(EdgeRules.IngressServesTheGatewayOverTls), "host admin.example.org is not covered by TLS",
            Edit.Append("base/gateway/ingress.yaml", "    - host: admin.example.org\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: gateway\n                port:\n                  name: http\n")),
        new("a service exposed past the gateway", "prod", nameof(EdgeRules.IngressServesTheGatewayOverTls), "goes to ledger; only the gateway faces the internet",
            Edit.Replace("base/gateway/ingress.yaml", "                name: gateway\n", "                name: ledger\n")),
        new("a site parameter that misses a target", "prod", nameof(EdgeRules.SiteParametersApplied), "the base default public-host.invalid survives",
            Edit.Replace("components/site/kustomization.yaml", "      - select:\n          kind: ConfigMap\n          name: risk-config\n        fieldPaths:\n          - data.Identity__Issuer\n        options:\n          delimiter: /\n          index: 2\n", "")),
        new("an issuer on another origin", "prod", nameof(EdgeRules.OneOriginEverywhere), "ledger: Identity__Issuer is http://jade.example.com/, not https://jade.example.com/",
            Edit.Replace("base/ledger/config.env", "Identity__Issuer=https://", "Identity__Issuer=http://")),
        new("an in-cluster URL naming no Service", "prod", nameof(EdgeRules.InClusterUrlsNameServices), "names no Service payment with port 80",
            Edit.Replace("base/gateway/config.env", "Address=http://payments/", "Address=http://payment/")),
    ];

    public static IEnumerable<TestCaseData> ManifestCases() =>
        Manifests.Select(b => new TestCaseData(b).SetName($"broken {b.Overlay}: {b.Name} → {b.Rule}"));

    [TestCaseSource(nameof(ManifestCases))]
    public void Rule_reports_the_breakage(Breakage breakage)
    {
        var rule = Policy.OverlayRules[breakage.Rule];
        Assert.That(rule(Kustomize.Overlay(breakage.Overlay), RepositoryFacts.Current), Is.Empty, "the intact overlay must pass first");
        using var copy = BrokenCopy.Of(breakage.Edits);
        var violations = rule(copy.Render(breakage.Overlay), RepositoryFacts.Current).ToList();
        Assert.That(violations, Has.Some.Contains(breakage.Expected),
            $"{breakage.Rule} did not report '{breakage.Expected}'; it reported:{Environment.NewLine}{Policy.Report(violations)}");
    }

    public sealed record Unloadable(string Name, string Overlay, string Expected, params Edit[] Edits)
    {
        public override string ToString() => Name;
    }

    private static readonly Unloadable[] Unknown =
    [
        new("a misspelt Deployment field", "prod", "replica",
            Edit.Replace("base/ledger/deployment.yaml", "  revisionHistoryLimit: 5\n", "  revisionHistoryLimit: 5\n  replica: 2\n")),
        new("a misspelt Subscription field", "dapr", "deadLetterTopc",
            Edit.Replace(Subscriptions, "deadLetterTopic: identity-dead-letter", "deadLetterTopc: identity-dead-letter")),
        new("a misspelt ExternalSecret field", "prod", "remoteRefs",
            Edit.Replace("overlays/prod/external-secrets.yaml", "remoteRef:", "remoteRefs:")),
        new("a misspelt Resiliency field", "dapr", "circuitBreaker",
            Edit.Replace("components/dapr/resiliency.yaml", "    circuitBreakers:", "    circuitBreaker:")),
        new("a kind no model is registered for", "dev", "no model is registered",
            Edit.Create("base/network/widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: widget\nspec:\n  size: 3\n"),
            Edit.Append("base/network/kustomization.yaml", "  - widget.yaml\n")),
        new("a Dapr kind in a version the suite does not know", "dapr", "no model is registered",
            Edit.Replace(Subscriptions, "apiVersion: dapr.io/v2alpha1", "apiVersion: dapr.io/v1alpha1")),
    ];

    public static IEnumerable<TestCaseData> UnloadableCases() =>
        Unknown.Select(u => new TestCaseData(u).SetName($"broken {u.Overlay}: {u.Name} fails the strict load"));

    [TestCaseSource(nameof(UnloadableCases))]
    public void Strict_loading_refuses(Unloadable breakage)
    {
        using var copy = BrokenCopy.Of(breakage.Edits);
        var failure = Assert.Throws<ManifestLoadException>(() => copy.Render(breakage.Overlay));
        Assert.That(failure!.Message, Does.Contain(breakage.Expected));
    }

    public sealed record DockerBreakage(string Name, string Host, string Rule, string Expected, Edit Edit)
    {
        public override string ToString() => Name;
    }

    private static readonly DockerBreakage[] Dockerfiles =
    [
        new("USER root", "risk", nameof(DockerfileRules.LastUserIsNonRoot), "risk: USER root is not a numeric uid", Edit.Replace("Dockerfile", "USER 1654", "USER root")),
        new("USER 0", "ledger", nameof(DockerfileRules.LastUserIsNonRoot), "ledger: USER 0 is root", Edit.Replace("Dockerfile", "USER 1654", "USER 0")),
        new("no USER", "identity", nameof(DockerfileRules.LastUserIsNonRoot), "identity: the final stage sets no USER", Edit.Replace("Dockerfile", "USER 1654\n", "")),
        new("an untagged runtime image", "gateway", nameof(DockerfileRules.BaseImagesArePinned), "FROM mcr.microsoft.com/dotnet/aspnet has no tag",
            Edit.Replace("Dockerfile", "mcr.microsoft.com/dotnet/aspnet:10.0.12-noble", "mcr.microsoft.com/dotnet/aspnet")),
        new("node:latest", "gateway", nameof(DockerfileRules.BaseImagesArePinned), "FROM node:latest uses the moving tag", Edit.Replace("Dockerfile", "node:20.20.2-bookworm-slim", "node:latest")),
        new("a runtime other than the SDK container path's", "notifications", nameof(DockerfileRules.ImagesMatchTheToolchain), "differs from ContainerBaseImage",
            Edit.Replace("Dockerfile", "aspnet:10.0.12-noble", "aspnet:10.0.11-noble")),
        new("an SDK for another framework", "payments", nameof(DockerfileRules.ImagesMatchTheToolchain), "does not build net10.0",
            Edit.Replace("Dockerfile", "sdk:10.0.401-noble", "sdk:9.0.300-noble")),
        new("no HEALTHCHECK", "ledger", nameof(DockerfileRules.ServesOnPort8080WithHealthCheck), "ledger: no HEALTHCHECK",
            Edit.Replace("Dockerfile", "HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \\\n  CMD [\"dotnet\", \"/app/healthprobe/Jade.HealthProbe.dll\"]\n", "")),
        new("another port", "risk", nameof(DockerfileRules.ServesOnPort8080WithHealthCheck), "does not set ASPNETCORE_HTTP_PORTS=8080",
            Edit.Replace("Dockerfile", "ASPNETCORE_HTTP_PORTS=8080", "ASPNETCORE_HTTP_PORTS=5000")),
        new("an entry point that is not the host", "identity", nameof(DockerfileRules.ServesOnPort8080WithHealthCheck), "ENTRYPOINT does not run Identity.Api.dll",
            Edit.Replace("Dockerfile", "\"Identity.Api.dll\"", "\"Identity.dll\"")),
        new("a referenced project not in the restore layer", "payments", nameof(DockerfileRules.CopiesEveryProject), "services/Payments/Payments.Channels/Payments.Channels.csproj is not copied before dotnet restore",
            Edit.Replace("Dockerfile", "COPY services/Payments/Payments.Channels/Payments.Channels.csproj services/Payments/Payments.Channels/\n", "")),
        new("the SPA copied where Spa:Root does not point", "gateway", nameof(DockerfileRules.GatewayCarriesTheSpa), "the built SPA is not copied to /app/spa",
            Edit.Replace("Dockerfile", "COPY --from=spa /web/dist /app/spa", "COPY --from=spa /web/dist /app/wwwroot")),
        new("a publish for no runtime", "risk", nameof(DockerfileRules.PublishesReadyToRun), "dotnet publish of Risk.Api.csproj names no runtime",
            Edit.Replace("Dockerfile", "-c Release -a $TARGETARCH --self-contained false", "-c Release --self-contained false")),
        new("a restore for no runtime", "ledger", nameof(DockerfileRules.PublishesReadyToRun), "dotnet restore names no runtime",
            Edit.Replace("Dockerfile", "Ledger.Api.csproj -a $TARGETARCH \\\n", "Ledger.Api.csproj \\\n")),
    ];

    public static IEnumerable<TestCaseData> DockerfileCases() =>
        Dockerfiles.Select(d => new TestCaseData(d).SetName($"broken {d.Host} Dockerfile: {d.Name} → {d.Rule}"));

    [TestCaseSource(nameof(DockerfileCases))]
    public void Dockerfile_rule_reports_the_breakage(DockerBreakage breakage)
    {
        var facts = RepositoryFacts.Current;
        var host = facts.Host(breakage.Host);
        var rule = Policy.DockerfileRules[breakage.Rule];
        var text = File.ReadAllText(host.Dockerfile);
        Assert.That(rule(host, new Dockerfile(text), facts), Is.Empty, "the intact Dockerfile must pass first");
        var violations = rule(host, new Dockerfile(breakage.Edit.Apply(text, facts.Relative(host.Dockerfile))), facts).ToList();
        Assert.That(violations, Has.Some.Contains(breakage.Expected), Policy.Report(violations));
    }

    [TestCase("**/*.zip", "keeps services/Risk/Risk.Api/Fraud/Model/fraud-model.zip out")]
    [TestCase("services/BuildingBlocks/Messaging", "keeps services/BuildingBlocks/Messaging/Jade.Messaging.csproj out")]
    [TestCase("**/Data", "keeps services/Risk/Risk.Api/Sanctions/Data/ofac/sdn.csv out")]
    [TestCase("web-vue", "keeps web-vue/package.json out")]
    public void Dockerignore_rule_reports_an_excluded_input(string pattern, string expected)
    {
        var facts = RepositoryFacts.Current;
        var text = File.ReadAllText(Path.Combine(facts.Root, ".dockerignore"));
        Assert.That(DockerfileRules.BuildContextKeepsWhatImagesNeed(new DockerIgnore(text), facts), Is.Empty);
        var violations = DockerfileRules.BuildContextKeepsWhatImagesNeed(new DockerIgnore(text + pattern + "\n"), facts).ToList();
        Assert.That(violations, Has.Some.Contains(expected), Policy.Report(violations));
    }
}
