namespace Jade.Messaging.Dapr;

/// <summary>Settings under <c>Messaging:Dapr</c>.</summary>
public sealed class DaprBusOptions
{
    public const string Section = "Messaging:Dapr";

    /// <summary>Dapr's variable for the app token: the sidecar reads it to know what to send, Dapr's SDKs to know what to expect.</summary>
    public const string AppApiTokenVariable = "APP_API_TOKEN";

    public string PubSubName { get; set; } = DaprTopics.DefaultPubSubName;

    /// <summary>
    /// The token the sidecar sends in <c>dapr-api-token</c> with every call to the app; <c>APP_API_TOKEN</c> when not set
    /// here. Required to serve (checked when the host starts, so <c>--migrate</c> runs without it): without it anyone who
    /// can reach the app could post events as if the broker had delivered them.
    /// </summary>
    public string? AppApiToken { get; set; }

    /// <summary>The sidecar's gRPC endpoint; when unset, the SDK's default (<c>DAPR_GRPC_ENDPOINT</c>, <c>DAPR_GRPC_PORT</c>, else :50001).</summary>
    public string? GrpcEndpoint { get; set; }

    /// <summary>The sidecar's HTTP endpoint, used for its health; when unset, the SDK's default (<c>DAPR_HTTP_ENDPOINT</c>, <c>DAPR_HTTP_PORT</c>, else :3500).</summary>
    public string? HttpEndpoint { get; set; }
}
