namespace Jade.Gateway.Bff;

/// <summary>Configuration section <c>Bff</c>: the gateway's confidential OIDC client at identity.</summary>
public sealed class BffOptions
{
    public const string Section = "Bff";

    /// <summary>The public issuer (the gateway origin), e.g. http://localhost:5000/.</summary>
    public string Authority { get; set; } = "";

    /// <summary>Identity's discovery document reached directly, so the gateway does not call itself at start.</summary>
    public string MetadataAddress { get; set; } = "";

    public string ClientId { get; set; } = "jade-bff";

    public string ClientSecret { get; set; } = "";

    public string[] Scopes { get; set; } = ["openid", "profile", "email", "offline_access", "identity", "notifications", "ledger", "risk", "payments"];

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Idle lifetime of a session (sliding); tokens are refreshed independently.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How often each replica checks its open WebSocket connections against the session store, closing those whose
    /// session has ended elsewhere (a sign-out, an expiry, a back-channel logout another replica received).
    /// </summary>
    public TimeSpan LiveConnectionCheckInterval { get; set; } = TimeSpan.FromSeconds(15);
}
