namespace Jade.Contracts.Identity;

/// <summary>
/// A passkey was added to a customer's account, which from then on signs in with it alone. v1. <paramref name="Name"/>
/// is what the customer called it; <paramref name="Device"/> and <paramref name="IpAddress"/> (masked, e.g.
/// <c>203.0.113.x</c>) describe the browser that added it, so a customer who did not can tell and act.
/// </summary>
public sealed record PasskeyAdded(Guid UserId, string PasskeyId, string Name, string Device, string IpAddress, DateTimeOffset AddedAt);
