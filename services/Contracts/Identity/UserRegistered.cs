namespace Jade.Contracts.Identity;

/// <summary>
/// A customer account was created. v1. <paramref name="Language"/> is the customer's chosen UI culture
/// (<c>zh-CN</c> or <c>en</c>), so consumers can address them in it. <paramref name="PhoneNumber"/> (added in v1.1, null
/// when none was given or from older publishers) is the number as registered: optional +, digits only.
/// </summary>
public sealed record UserRegistered(Guid UserId, string Email, string Language, DateTimeOffset RegisteredAt, string? PhoneNumber = null);
