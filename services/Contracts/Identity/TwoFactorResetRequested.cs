namespace Jade.Contracts.Identity;

/// <summary>
/// A Jade support agent asked for the customer's two-step verification to be turned off, after the caller stated the
/// national id of their verified identity; a second agent must still approve it before <paramref name="ExpiresAt"/>. v1.
/// The customer is told at once: if it was not them who called, there is time to stop it.
/// </summary>
public sealed record TwoFactorResetRequested(Guid UserId, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt);
