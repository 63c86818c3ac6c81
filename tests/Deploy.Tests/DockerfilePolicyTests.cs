using Jade.Deploy.Tests.Facts;
using Jade.Deploy.Tests.Rules;

namespace Jade.Deploy.Tests;

/// <summary>Every host (each service folder's *.Api project and the gateway) has a Dockerfile that satisfies every image rule.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class DockerfilePolicyTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        from host in RepositoryFacts.Current.Hosts
        from rule in Policy.DockerfileRules.Keys
        select new TestCaseData(host.Name, rule).SetName($"{host.Name} Dockerfile: {rule}");

    [TestCaseSource(nameof(Cases))]
    public void Rule_holds(string hostName, string rule)
    {
        var facts = RepositoryFacts.Current;
        var host = facts.Host(hostName);
        Assert.That(File.Exists(host.Dockerfile), Is.True, $"{facts.Relative(host.Dockerfile)} is missing");
        var violations = Policy.DockerfileRules[rule](host, new Dockerfile(File.ReadAllText(host.Dockerfile)), facts).ToList();
        Assert.That(violations, Is.Empty, $"{facts.Relative(host.Dockerfile)} breaks {rule}:{Environment.NewLine}{Policy.Report(violations)}");
    }

    [Test]
    public void Build_context_keeps_what_the_images_need()
    {
        var facts = RepositoryFacts.Current;
        var violations = DockerfileRules.BuildContextKeepsWhatImagesNeed(new DockerIgnore(File.ReadAllText(Path.Combine(facts.Root, ".dockerignore"))), facts).ToList();
        Assert.That(violations, Is.Empty, Policy.Report(violations));
    }
}
