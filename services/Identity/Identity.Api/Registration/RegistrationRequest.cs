namespace Jade.Identity.Registration;

public sealed record RegistrationRequest(string? Email, string? Password, string? PhoneNumber, string? Language);

public sealed record RegistrationResult(Guid? UserId, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => UserId is not null;

    public static RegistrationResult Failed(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);
}

/// <summary>API field names; the page maps them to its input names.</summary>
public static class RegistrationFields
{
    public const string Email = "email";
    public const string Password = "password";
    public const string PhoneNumber = "phoneNumber";
    public const string Language = "language";
}
