namespace Jade.Contracts.Identity;

/// <summary>
/// A customer signed in from a browser identity had not seen them use before. v1. <paramref name="Device"/> is a short
/// description from the user agent (e.g. <c>Chrome on Windows</c>); <paramref name="IpAddress"/> is already masked
/// (e.g. <c>203.0.113.x</c>) because the event travels to services that only show it to the customer.
/// </summary>
public sealed record LoginFromNewDevice(Guid UserId, Guid LoginId, string Device, string IpAddress, DateTimeOffset SignedInAt);
