namespace Jade.Contracts.Identity;

/// <summary>
/// Wrong answers locked a customer's account for a while. v1. <paramref name="Step"/> says where they were given
/// (<c>sign_in</c>, <c>sign_in_code</c>, <c>password_change</c>, <c>step_up</c>…); <paramref name="Device"/> and
/// <paramref name="IpAddress"/> (masked, e.g. <c>203.0.113.x</c>) describe the browser that gave the last one, so a
/// customer who was not trying can tell someone else is, and change the password.
/// </summary>
public sealed record AccountLocked(Guid UserId, string Step, string Device, string IpAddress, DateTimeOffset LockedAt, DateTimeOffset LockedUntil);
