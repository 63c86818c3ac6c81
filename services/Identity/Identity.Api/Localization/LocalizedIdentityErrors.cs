using Microsoft.AspNetCore.Identity;

namespace Jade.Identity.Localization;

/// <summary>ASP.NET Core Identity's validation messages in the request's language.</summary>
internal sealed class LocalizedIdentityErrors : IdentityErrorDescriber
{
    private static AccountTexts T => AccountTexts.Current;

    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = T.DuplicateEmail };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = T.DuplicateEmail };
    public override IdentityError InvalidEmail(string? email) => new() { Code = nameof(InvalidEmail), Description = T.InvalidEmail };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = T.InvalidEmail };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = T.WrongCurrentPassword };
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = T.PasswordTooShort(length) };
    public override IdentityError PasswordRequiresUpper() => new() { Code = nameof(PasswordRequiresUpper), Description = T.PasswordRequiresUpper };
    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = T.PasswordRequiresLower };
    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = T.PasswordRequiresDigit };
}
