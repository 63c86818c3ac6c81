using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace Jade.Deploy.Tests.Manifests;

/// <summary>Renders a kustomization with <c>kubectl kustomize</c> (kubectl from PATH, or the KUBECTL variable).</summary>
public static class Kustomize
{
    private static readonly ConcurrentDictionary<string, Lazy<RenderedOverlay>> Cache = new();

    public static string Kubectl => Environment.GetEnvironmentVariable("KUBECTL") is { Length: > 0 } path ? path : "kubectl";

    /// <summary>The overlay rendered and loaded once per test run.</summary>
    public static RenderedOverlay Overlay(string name) =>
        Cache.GetOrAdd(Path.Combine(RepositoryPaths.K8s, "overlays", name),
            dir => new Lazy<RenderedOverlay>(() => RenderOverlay(name, dir))).Value;

    public static RenderedOverlay RenderOverlay(string name, string directory)
    {
        var yaml = Render(directory);
        return new RenderedOverlay(name, directory, yaml, new ManifestSet(ManifestLoader.Load(yaml, $"overlays/{name}")));
    }

    public static string Render(string directory, string? kubectl = null)
    {
        kubectl ??= Kubectl;
        var start = new ProcessStartInfo(kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"'{kubectl}' was not found: the policy suite renders k8s/ with `kubectl kustomize` (kubectl 1.27 or newer, " +
                "which bundles kustomize 5). Install kubectl or point the KUBECTL variable at it.", ex);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"kubectl kustomize {directory} took more than 60 s");
            }
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"kubectl kustomize {directory} failed ({process.ExitCode}): {stderr.Result}");
            }
            return stdout.Result;
        }
    }
}

/// <summary>One overlay's rendered YAML and the objects loaded from it.</summary>
public sealed record RenderedOverlay(string Name, string Directory, string Yaml, ManifestSet Manifests)
{
    /// <summary>The development overlay may carry generated placeholder secrets; every other one may not.</summary>
    public bool IsDevelopment => Name == "dev";

    public override string ToString() => Name;
}
