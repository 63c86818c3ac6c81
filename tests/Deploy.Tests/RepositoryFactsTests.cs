using Jade.Deploy.Tests.Facts;

namespace Jade.Deploy.Tests;

/// <summary>The facts the rules compare against are read from the code, not restated here; these pin that reading.</summary>
public sealed class RepositoryFactsTests
{
    private static RepositoryFacts Facts => RepositoryFacts.Current;

    [Test]
    public void Every_service_folder_and_the_gateway_is_a_host()
    {
        var folders = Directory.GetDirectories(Path.Combine(Facts.Root, "services")).Select(Path.GetFileName)
            .Where(n => n is not ("BuildingBlocks" or "Contracts")).Select(n => n!.ToLowerInvariant());
        Assert.That(Facts.Hosts.Select(h => h.Name), Is.EquivalentTo(folders.Append("gateway")));
    }

    [Test]
    public void Health_and_metrics_paths_come_from_ServiceDefaults()
    {
        Assert.That(Facts.LivePath, Is.EqualTo("/health/live"));
        Assert.That(Facts.ReadyPath, Is.EqualTo("/health/ready"));
        Assert.That(Facts.MetricsPath, Is.EqualTo("/metrics"));
        Assert.That(Facts.MigrateFlag, Is.EqualTo("--migrate"));
    }

    [Test]
    public void Topics_are_contract_names_in_kebab_case()
    {
        Assert.That(RepositoryFacts.Topic("UserRegistered"), Is.EqualTo("user-registered"));
        Assert.That(RepositoryFacts.Topic("KycScreeningCompleted"), Is.EqualTo("kyc-screening-completed"));
        Assert.That(Facts.Consumers, Does.Contain(("notifications", "user-registered")));
        Assert.That(Facts.Consumers.Select(c => c.Service).Distinct(), Is.SubsetOf(Facts.Services.Select(s => s.Name)));
    }

    [Test]
    public void Gateway_clusters_and_risk_runtime_files_are_found()
    {
        Assert.That(Facts.GatewayClusters, Is.Not.Empty);
        Assert.That(Facts.RuntimeContentFiles(Facts.Host("risk")), Has.Some.EndsWith("fraud-model.zip").And.Some.EndsWith("credit-model.zip").And.Some.EndsWith("sdn.csv"));
    }
}
