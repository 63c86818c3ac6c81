namespace Jade.Contracts.Identity;

/// <summary>
/// A customer turned their own two-step verification off while signed in, with a code from the authenticator. v1.
/// <paramref name="Device"/> and <paramref name="IpAddress"/> (masked, e.g. <c>203.0.113.x</c>) describe the browser,
/// so a customer who did not do it learns that their account now signs in with the password alone.
/// </summary>
public sealed record TwoFactorDisabled(Guid UserId, string Device, string IpAddress, DateTimeOffset DisabledAt);
