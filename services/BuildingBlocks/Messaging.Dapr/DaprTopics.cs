using System.Text;

namespace Jade.Messaging.Dapr;

/// <summary>
/// The names the Dapr adapter gives things. The Kubernetes <c>dapr</c> overlay (pub/sub Component, declarative
/// Subscriptions, scopes) spells the same names, so they change only together with it.
/// </summary>
public static class DaprTopics
{
    /// <summary>The pub/sub component every service publishes to and subscribes through (<c>Messaging:Dapr:PubSubName</c>).</summary>
    public const string DefaultPubSubName = "jade-pubsub";

    public const string RoutePrefix = "/dapr/events/";

    /// <summary>A message type's topic: its contract name in kebab case (<c>UserRegistered</c> → <c>user-registered</c>).</summary>
    public static string For(Type messageType)
    {
        if (messageType.IsGenericType)
        {
            throw new ArgumentException($"{messageType} is generic; a contract type needs a plain name to become a topic.", nameof(messageType));
        }
        return KebabCase(messageType.Name);
    }

    public static string For<TMessage>() => For(typeof(TMessage));

    /// <summary>The path the sidecar posts a topic's events to.</summary>
    public static string RouteFor(string topic) => RoutePrefix + topic;

    /// <summary>Where the sidecar forwards what a service dropped or could not process after its retries.</summary>
    public static string DeadLetterFor(string serviceName) => $"{serviceName}-dead-letter";

    /// <summary>The path the sidecar posts the service's own dead letters to, to be counted.</summary>
    public const string DeadLetterRoute = "/dapr/dead-letters";

    /// <summary>
    /// Topic → type for <paramref name="messageTypes"/>. Two contract types that share a name would share a topic and
    /// reach each other's handlers, so that is refused.
    /// </summary>
    public static IReadOnlyDictionary<string, Type> Map(IEnumerable<Type> messageTypes)
    {
        var topics = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in messageTypes.Distinct())
        {
            var topic = For(type);
            if (!topics.TryAdd(topic, type))
            {
                throw new InvalidOperationException(
                    $"{topics[topic].FullName} and {type.FullName} would share the Dapr topic '{topic}'; rename one contract.");
            }
        }
        return topics;
    }

    /// <summary>
    /// <c>LoginFromNewDevice</c> → <c>login-from-new-device</c>; an acronym stays one word (<c>SMSSent</c> → <c>sms-sent</c>)
    /// and a version suffix stays on its word (<c>PaymentV2</c> → <c>payment-v2</c>).
    /// </summary>
    public static string KebabCase(string name)
    {
        var kebab = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                var previous = name[i - 1];
                var startsWord = char.IsLower(previous) || char.IsDigit(previous)
                    || (char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]));
                if (startsWord)
                {
                    kebab.Append('-');
                }
            }
            kebab.Append(char.ToLowerInvariant(c));
        }
        return kebab.ToString();
    }
}
