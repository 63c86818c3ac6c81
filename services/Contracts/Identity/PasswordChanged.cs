namespace Jade.Contracts.Identity;

/// <summary>
/// A customer's password was changed while signed in. v1. <paramref name="Device"/> and <paramref name="IpAddress"/>
/// (masked, e.g. <c>203.0.113.x</c>) describe the browser that changed it, so a customer who did not can tell, and act
/// before the new password is used against them.
/// </summary>
public sealed record PasswordChanged(Guid UserId, string Device, string IpAddress, DateTimeOffset ChangedAt);
