namespace Jade.Contracts.Identity;

/// <summary>
/// Jade support turned a customer's two-step verification off at their request (lost authenticator and recovery codes),
/// after checking the national id of their verified identity. v1. The customer is told, in case it was not them who called.
/// </summary>
public sealed record TwoFactorReset(Guid UserId, DateTimeOffset ResetAt);
