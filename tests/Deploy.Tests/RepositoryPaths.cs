namespace Jade.Deploy.Tests;

/// <summary>Where the manifests, Dockerfiles and service folders the policy suite checks live.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Jade.Testing.LocalInfrastructure.RepositoryRoot;

    public static string K8s => Path.Combine(Root, "k8s");
}
