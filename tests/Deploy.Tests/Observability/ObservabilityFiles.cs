namespace Jade.Deploy.Tests.Observability;

/// <summary>Where the Prometheus configuration, the alert rules and their runbook live.</summary>
internal static class ObservabilityFiles
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "k8s", "observability");
    public static string KubernetesConfig => Path.Combine(Folder, "prometheus.yml");
    public static string LocalConfig => Path.Combine(Folder, "prometheus.local.yml");
    public static string Rules => Path.Combine(Folder, "rules", "jade-alerts.yml");
    public static string RuleTests => Path.Combine(Folder, "rules", "jade-alerts.test.yml");
    public static string AlertsRunbook => Path.Combine(RepositoryPaths.Root, "docs", "operations", "alerts.md");

    public static string Promtool => Tool.Find("promtool", "prometheus");
}
