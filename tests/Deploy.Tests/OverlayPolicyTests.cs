using Jade.Deploy.Tests.Facts;
using Jade.Deploy.Tests.Manifests;
using Jade.Deploy.Tests.Rules;

namespace Jade.Deploy.Tests;

/// <summary>Every overlay, rendered once with kubectl kustomize and loaded strictly, satisfies every platform rule.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class OverlayPolicyTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        from overlay in Policy.Overlays
        from rule in Policy.OverlayRules.Keys
        select new TestCaseData(overlay, rule).SetName($"{overlay}: {rule}");

    [TestCaseSource(nameof(Cases))]
    public void Rule_holds(string overlay, string rule)
    {
        var rendered = Kustomize.Overlay(overlay);
        var violations = Policy.OverlayRules[rule](rendered, RepositoryFacts.Current).ToList();
        Assert.That(violations, Is.Empty, $"overlays/{overlay} breaks {rule}:{Environment.NewLine}{Policy.Report(violations)}");
    }

    [TestCaseSource(typeof(Policy), nameof(Policy.Overlays))]
    public void Renders_and_loads_strictly(string overlay)
    {
        var rendered = Kustomize.Overlay(overlay);
        Assert.That(rendered.Manifests.Objects, Is.Not.Empty);
    }
}

public sealed class KustomizeTests
{
    [Test]
    public void A_missing_kubectl_fails_with_what_to_install()
    {
        var failure = Assert.Throws<InvalidOperationException>(() =>
            Kustomize.Render(Path.Combine(RepositoryPaths.K8s, "overlays", "dev"), "/nonexistent/kubectl"));
        Assert.That(failure!.Message, Does.Contain("kubectl kustomize").And.Contain("KUBECTL"));
    }

    [Test]
    public void A_kustomization_kubectl_cannot_build_fails_with_its_error()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Kustomize.Render(Path.Combine(RepositoryPaths.K8s, "no-such-overlay")));
        Assert.That(failure!.Message, Does.Contain("kubectl kustomize").And.Contain("failed"));
    }
}
