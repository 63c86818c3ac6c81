using k8s;
using YamlDotNet.Core;

namespace Jade.Deploy.Tests.Manifests;

/// <summary>
/// Loads rendered YAML strictly with KubernetesClient: a field the model does not define fails the load, and so does a
/// kind no model is registered for (KubernetesClient's own models plus Dapr's and the External Secrets Operator's).
/// </summary>
public static class ManifestLoader
{
    /// <summary>apiVersion/kind → model, for the custom resources the overlays use.</summary>
    public static readonly IReadOnlyDictionary<string, Type> CustomKinds = new Dictionary<string, Type>
    {
        ["dapr.io/v1alpha1/Component"] = typeof(DaprComponent),
        ["dapr.io/v1alpha1/Configuration"] = typeof(DaprConfiguration),
        ["dapr.io/v1alpha1/Resiliency"] = typeof(DaprResiliency),
        ["dapr.io/v2alpha1/Subscription"] = typeof(DaprSubscription),
        ["external-secrets.io/v1/ExternalSecret"] = typeof(ExternalSecret),
    };

    public static IReadOnlyList<IKubernetesObject> Load(string yaml, string source)
    {
        List<object> objects;
        try
        {
            objects = KubernetesYaml.LoadAllFromString(yaml, CustomKinds.ToDictionary(), strict: true);
        }
        catch (KeyNotFoundException ex)
        {
            // KubernetesYaml looks each document's "apiVersion/kind" up in its type map.
            throw new ManifestLoadException($"{source}: a document has a kind no model is registered for ({ex.Message})", ex);
        }
        catch (YamlException ex)
        {
            throw new ManifestLoadException($"{source}: {ex.Message} {ex.InnerException?.Message}", ex);
        }
        return objects.Select(o => o as IKubernetesObject
            ?? throw new ManifestLoadException($"{source}: {o.GetType().Name} is not a Kubernetes object")).ToList();
    }
}

public sealed class ManifestLoadException(string message, Exception? inner = null) : Exception(message, inner);
