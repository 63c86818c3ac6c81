namespace Jade.Identity.Oidc;

/// <summary>The <c>Identity</c> configuration section.</summary>
public sealed class OidcSettings
{
    public const string Section = "Identity";

    /// <summary>Public origin of the platform (the gateway), e.g. <c>http://localhost:5000/</c>.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>Folder holding the Data Protection keys (and, unless <see cref="CertificatesPath"/> says otherwise, the token certificates); must survive restarts.</summary>
    public string? KeysPath { get; set; }

    /// <summary>Folder of the token certificates (<c>signing*.pfx</c>, <c>encryption*.pfx</c>); <see cref="KeysPath"/> when unset.</summary>
    public string? CertificatesPath { get; set; }

    /// <summary>
    /// Whether identity makes its own token certificates (the first ones and their successors) in
    /// <see cref="CertificatesPath"/>; false where the operator supplies them read-only (the Kubernetes Secret).
    /// </summary>
    public bool MakeCertificates { get; set; } = true;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>API scopes and the audiences (resources) they grant; the list lives in appsettings.json.</summary>
    public List<ScopeSettings> Scopes { get; set; } = [];

    public List<ClientSettings> Clients { get; set; } = [];
}

public sealed class ScopeSettings
{
    public string Name { get; set; } = "";
    public List<string> Resources { get; set; } = [];
}

public sealed class ClientSettings
{
    public const string BffType = "bff";
    public const string ServiceType = "service";

    public string ClientId { get; set; } = "";
    public string? ClientSecret { get; set; }
    public string? DisplayName { get; set; }

    /// <summary><c>bff</c> (code + PKCE + refresh tokens) or <c>service</c> (client credentials).</summary>
    public string Type { get; set; } = ServiceType;

    public List<string> RedirectUris { get; set; } = [];
    public List<string> PostLogoutRedirectUris { get; set; } = [];
    public List<string> Scopes { get; set; } = [];

    /// <summary>
    /// Where identity posts a back-channel logout token when it ends one of this client's sessions (a <c>bff</c> client:
    /// the gateway's <c>/bff/backchannel-logout</c>, reached in-cluster); none: the client is not told.
    /// </summary>
    public string? BackchannelLogoutUri { get; set; }
}
