using Jade.Deploy.Tests.Facts;
using Jade.Deploy.Tests.Manifests;

namespace Jade.Deploy.Tests.Rules;

/// <summary>Rules for the Dapr overlay: app ids, subscriptions from the code's handlers, dead letters, wiring.</summary>
public static class DaprRules
{
    public const string Transport = "Messaging__Transport";
    public const string AppTokenVariable = "APP_API_TOKEN";

    public static bool UsesDapr(RenderedOverlay overlay) =>
        overlay.Manifests.Workloads.Any(w => w.Annotations.TryGetValue("dapr.io/enabled", out var on) && on == "true");

    public static string DeadLetterTopic(string appId) => $"{appId}-dead-letter";

    public static string Route(string topic) => $"/dapr/events/{topic}";

    /// <summary>Sidecar app ids are unique, equal their Deployment's name, and are exactly the gateway's YARP cluster ids.</summary>
    public static IEnumerable<string> AppIdsAreTheGatewayClusters(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var apps = AppIds(overlay).ToList();
        if (apps.Count == 0) yield break;
        foreach (var duplicate in apps.GroupBy(a => a.AppId).Where(g => g.Count() > 1))
            yield return $"dapr.io/app-id {duplicate.Key} is used by {string.Join(", ", duplicate.Select(a => a.Workload))}";
        foreach (var (workload, appId) in apps.Where(a => a.AppId != a.Workload.Name))
            yield return $"{workload}: dapr.io/app-id {appId} differs from its name";
        var ids = apps.Select(a => a.AppId).ToHashSet(StringComparer.Ordinal);
        foreach (var cluster in facts.GatewayClusters.Where(c => !ids.Contains(c)))
            yield return $"gateway cluster {cluster} has no Dapr app of that id";
        foreach (var id in ids.Where(i => !facts.GatewayClusters.Contains(i)))
            yield return $"dapr.io/app-id {id} is no cluster id of the gateway's routes ({string.Join(", ", facts.GatewayClusters)})";
    }

    /// <summary>Every (service, message type) the code handles has a subscription scoped to that service, and nothing else does.</summary>
    public static IEnumerable<string> SubscriptionsCoverTheHandlers(RenderedOverlay overlay, RepositoryFacts facts)
    {
        if (!UsesDapr(overlay)) yield break;
        var declared = overlay.Manifests.All<DaprSubscription>()
            .SelectMany(s => (s.Scopes ?? []).Select(scope => (Service: scope, s.Spec.Topic)))
            .ToHashSet();
        var expected = facts.Consumers.ToHashSet();
        foreach (var (service, topic) in expected.Where(e => !declared.Contains(e)).Order())
            yield return $"{service} handles topic {topic} but no Subscription scoped to {service} subscribes to it";
        foreach (var (service, topic) in declared.Where(d => !expected.Contains(d)).Order())
            yield return $"Subscription to {topic} scoped to {service}, which handles no such message";
    }

    /// <summary>The Job env variable listing the dead-letter topics whose exchange, queue and binding it declares.</summary>
    public const string RetainedDeadLetters = "DEAD_LETTER_TOPICS";

    public static IEnumerable<string> SubscriptionsDeadLetter(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        // With the RabbitMQ pub/sub a dead-letter topic is an exchange; without a bound queue RabbitMQ drops what reaches it.
        var retained = m.Jobs.SelectMany(j => j.Spec.Template.Spec.Containers).SelectMany(c => c.Env ?? [])
            .Where(e => e.Name == RetainedDeadLetters && e.Value is not null)
            .SelectMany(e => e.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        foreach (var dead in m.All<DaprSubscription>().Select(s => s.Spec.DeadLetterTopic).OfType<string>().Where(t => t.Length > 0).Distinct().Order())
        {
            if (!retained.Contains(dead)) yield return $"dead-letter topic {dead} is not retained: no Job declares its queue ({RetainedDeadLetters})";
        }
        var pubsubs = m.All<DaprComponent>().Where(c => c.Spec.Type.StartsWith("pubsub.", StringComparison.Ordinal)).Select(c => c.Metadata.Name).ToHashSet();
        var apps = AppIds(overlay).Select(a => a.AppId).ToHashSet();
        foreach (var s in m.All<DaprSubscription>())
        {
            var name = $"Subscription/{s.Metadata.Name}";
            if (s.Spec.DeadLetterTopic is not { Length: > 0 })
            {
                yield return $"{name}: no deadLetterTopic";
            }
            if (s.Scopes is not [var scope])
            {
                yield return $"{name}: must be scoped to exactly the one app that consumes it";
                continue;
            }
            if (s.Spec.DeadLetterTopic is { Length: > 0 } dead && dead != DeadLetterTopic(scope))
                yield return $"{name}: deadLetterTopic {dead} is not {DeadLetterTopic(scope)}";
            if (!apps.Contains(scope)) yield return $"{name}: scoped to {scope}, which runs no Dapr sidecar";
            if (!pubsubs.Contains(s.Spec.PubsubName)) yield return $"{name}: pubsubname {s.Spec.PubsubName} is no pub/sub Component";
            if (s.Spec.Routes.Default != Route(s.Spec.Topic)) yield return $"{name}: default route {s.Spec.Routes.Default} is not {Route(s.Spec.Topic)}";
        }
    }

    /// <summary>Configuration, tokens, component scopes, resiliency targets and the bus switch agree with the sidecars.</summary>
    public static IEnumerable<string> SidecarsAreWired(RenderedOverlay overlay, RepositoryFacts facts)
    {
        var m = overlay.Manifests;
        var apps = AppIds(overlay).ToList();
        var daprWorkloads = apps.Select(a => a.Workload.Name).ToHashSet();
        foreach (var d in m.Deployments)
        {
            var app = d.Spec.Template.Spec.Containers.First();
            var transport = m.PlainEnvironment(app).Get(Transport);
            var dapr = daprWorkloads.Contains(d.Metadata.Name);
            if (dapr && transport != "dapr") yield return $"Deployment/{d.Metadata.Name}: has a Dapr sidecar but {Transport} is {transport ?? "unset"}";
            if (!dapr && transport == "dapr") yield return $"Deployment/{d.Metadata.Name}: {Transport}=dapr without a Dapr sidecar";
        }
        foreach (var job in m.Jobs.Where(j => j.Spec.Template.Metadata?.Annotations?.ContainsKey("dapr.io/enabled") == true))
            yield return $"Job/{job.Metadata.Name}: a Dapr sidecar would keep the Job from completing";
        if (apps.Count == 0)
        {
            foreach (var o in m.Objects.Where(o => o is DaprComponent or DaprConfiguration or DaprResiliency or DaprSubscription))
                yield return $"{ManifestSet.Describe(o)} in overlay {overlay.Name}, which runs no Dapr sidecar";
            yield break;
        }
        var configurations = m.All<DaprConfiguration>().ToDictionary(c => c.Metadata.Name);
        foreach (var (w, appId) in apps)
        {
            if (!w.Annotations.TryGetValue("dapr.io/config", out var config) || !configurations.TryGetValue(config, out var configuration))
            {
                yield return $"{w}: dapr.io/config names no Configuration of the overlay";
            }
            else
            {
                if (configuration.Spec.AccessControl?.DefaultAction != "deny") yield return $"Configuration/{config}: accessControl.defaultAction is not deny";
                if (configuration.Spec.Mtls?.Enabled != true) yield return $"Configuration/{config}: mTLS is not enabled";
            }
            if (!w.Annotations.TryGetValue("dapr.io/app-token-secret", out var tokenSecret))
            {
                yield return $"{w}: no dapr.io/app-token-secret, so anything could call its topic routes";
            }
            else if (!w.Spec.Containers.Any(c => c.Name == w.Name && (c.Env ?? []).Any(e => e.Name == AppTokenVariable && e.ValueFrom?.SecretKeyRef?.Name == tokenSecret && e.ValueFrom.SecretKeyRef.Key == "token")))
            {
                yield return $"{w}: the app does not get {AppTokenVariable} from {tokenSecret}, so it cannot check the sidecar's token";
            }
            if (w.Annotations.Get("dapr.io/sidecar-seccomp-profile-type") != "RuntimeDefault")
                yield return $"{w}: the injected sidecar's seccomp profile is not RuntimeDefault (restricted pod security)";
            if (facts.UsesBus(facts.Host(appId)) && !m.All<DaprComponent>().Any(c => c.Spec.Type.StartsWith("pubsub.", StringComparison.Ordinal) && (c.Scopes is null || c.Scopes.Contains(appId))))
                yield return $"{w}: {appId} uses the bus but no pub/sub Component is scoped to it";
        }
        var components = m.All<DaprComponent>().Select(c => c.Metadata.Name).ToHashSet();
        foreach (var r in m.All<DaprResiliency>())
        {
            var policies = r.Spec.Policies;
            foreach (var (component, targets) in r.Spec.Targets.Components ?? [])
            {
                if (!components.Contains(component)) yield return $"Resiliency/{r.Metadata.Name}: targets component {component}, which does not exist";
                foreach (var names in new[] { targets.Inbound, targets.Outbound }.OfType<DaprPolicyNames>())
                {
                    if (names.Timeout is { } t && !policies.Timeouts.ContainsKey(t)) yield return $"Resiliency/{r.Metadata.Name}: timeout policy {t} is not defined";
                    if (names.Retry is { } rt && !policies.Retries.ContainsKey(rt)) yield return $"Resiliency/{r.Metadata.Name}: retry policy {rt} is not defined";
                    if (names.CircuitBreaker is { } cb && !policies.CircuitBreakers.ContainsKey(cb)) yield return $"Resiliency/{r.Metadata.Name}: circuit breaker {cb} is not defined";
                }
            }
            foreach (var (policyName, retry) in policies.Retries.Where(p => p.Value.Policy is not ("constant" or "exponential")))
                yield return $"Resiliency/{r.Metadata.Name}: retry {policyName} has policy {retry.Policy}, not constant or exponential";
        }
    }

    public static IEnumerable<(Workload Workload, string AppId)> AppIds(RenderedOverlay overlay) =>
        overlay.Manifests.Workloads
            .Where(w => w.Annotations.TryGetValue("dapr.io/enabled", out var on) && on == "true")
            .Select(w => (w, w.Annotations.Get("dapr.io/app-id") ?? ""));
}
