namespace Jade.Gateway.Bff.Sessions;

/// <summary>One browser session: the authentication ticket (claims and tokens) behind a session cookie.</summary>
public sealed class StoredSession
{
    /// <summary>SHA-256 of the cookie's session key: a copy of this table does not let anyone forge a cookie.</summary>
    public required string Key { get; set; }

    /// <summary>The serialized ticket, encrypted with Data Protection because it holds the tokens.</summary>
    public required byte[] Ticket { get; set; }

    /// <summary>
    /// The session's id at identity (the OpenIddict authorization its tokens belong to, <c>oi_au_id</c> in the access
    /// token), which identity's back-channel logout names as <c>sid</c> when it ends the session.
    /// </summary>
    public string? IdentitySessionId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
