using System.Text.RegularExpressions;
using Jade.Identity.Localization;
using Jade.Identity.Users;

namespace Jade.Identity.Registration;

/// <summary>Edge checks that ASP.NET Core Identity does not make: lengths, email and phone shape, language.</summary>
public static partial class RegistrationValidation
{
    public const int MaxEmailLength = 256;
    public const int MaxPasswordLength = 128;
    public const int MaxPhoneLength = 32;

    public static FieldErrors Validate(RegistrationRequest request, AccountTexts texts)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.Email))
        {
            errors.Add(RegistrationFields.Email, texts.Required);
        }
        else if (request.Email.Length > MaxEmailLength)
        {
            errors.Add(RegistrationFields.Email, texts.TooLong(MaxEmailLength));
        }
        else if (!EmailPattern().IsMatch(request.Email.Trim()))
        {
            errors.Add(RegistrationFields.Email, texts.InvalidEmail);
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add(RegistrationFields.Password, texts.Required);
        }
        else if (request.Password.Length > MaxPasswordLength)
        {
            errors.Add(RegistrationFields.Password, texts.TooLong(MaxPasswordLength));
        }

        if (!string.IsNullOrWhiteSpace(request.PhoneNumber))
        {
            if (request.PhoneNumber.Length > MaxPhoneLength)
            {
                errors.Add(RegistrationFields.PhoneNumber, texts.TooLong(MaxPhoneLength));
            }
            else if (NormalizePhone(request.PhoneNumber) is null)
            {
                errors.Add(RegistrationFields.PhoneNumber, texts.InvalidPhone);
            }
        }

        if (request.Language is not null && !Languages.IsSupported(request.Language))
        {
            errors.Add(RegistrationFields.Language, texts.InvalidLanguage);
        }
        return errors;
    }

    /// <summary>E.164-ish: optional +, 7 to 15 digits not starting with 0; spaces and dashes are dropped.</summary>
    public static string? NormalizePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }
        var compact = phone.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return PhonePattern().IsMatch(compact) ? compact : null;
    }

    // Deliberately simple: one @, no whitespace, a dot in the domain. Deliverability is proven by mail, not regex.
    [GeneratedRegex(@"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?[1-9][0-9]{6,14}$")]
    private static partial Regex PhonePattern();
}
