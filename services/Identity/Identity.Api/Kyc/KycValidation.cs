using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Jade.Identity.Registration;

namespace Jade.Identity.Kyc;

/// <summary>What the customer sends. Every field is a string so that a wrong shape is a field error, not a parse failure.</summary>
public sealed record KycSubmitRequest(string? LegalName, string? NationalId, string? DateOfBirth, string? Nationality, string? Phone);

/// <summary>A submission that passed <see cref="KycValidation"/>, normalised.</summary>
public sealed record ValidKycSubmission(string LegalName, string NationalId, DateOnly DateOfBirth, string Nationality, string Phone);

/// <summary>API field names, shared by validation errors and the SPA.</summary>
public static class KycFields
{
    public const string LegalName = "legalName";
    public const string NationalId = "nationalId";
    public const string DateOfBirth = "dateOfBirth";
    public const string Nationality = "nationality";
    public const string Phone = "phone";
    public const string Body = "body";
}

/// <summary>Edge checks of a KYC submission. The SPA mirrors them (web-vue/src/utils/nationalId.ts); the server decides.</summary>
public static partial class KycValidation
{
    public const int MinLegalNameLength = 2;
    public const int MaxLegalNameLength = 100;
    public const int MinPassportStyleIdLength = 5;
    public const int MaxPassportStyleIdLength = 30;
    public const int MaxPhoneLength = 32;
    public const int MaxDateLength = 10;
    public const int MinimumAge = 18;
    public static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);

    public static (ValidKycSubmission? Valid, FieldErrors Errors) Validate(KycSubmitRequest request, DateOnly today, KycTexts texts)
    {
        var errors = new FieldErrors();
        var legalName = ValidateLegalName(request.LegalName, errors, texts);
        var nationality = ValidateNationality(request.Nationality, errors, texts);
        var dateOfBirth = ValidateDateOfBirth(request.DateOfBirth, today, errors, texts);
        var nationalId = ValidateNationalId(request.NationalId, nationality, dateOfBirth, errors, texts);
        var phone = ValidatePhone(request.Phone, errors, texts);
        return errors.Any
            ? (null, errors)
            : (new ValidKycSubmission(legalName!, nationalId!, dateOfBirth!.Value, nationality!, phone!), errors);
    }

    private static string? ValidateLegalName(string? value, FieldErrors errors, KycTexts texts)
    {
        var name = value?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(KycFields.LegalName, texts.Required);
            return null;
        }
        if (name.Length is < MinLegalNameLength or > MaxLegalNameLength)
        {
            errors.Add(KycFields.LegalName, texts.LengthBetween(MinLegalNameLength, MaxLegalNameLength));
            return null;
        }
        if (!IsLegalName(name))
        {
            errors.Add(KycFields.LegalName, texts.InvalidLegalName);
            return null;
        }
        return MultipleSpaces().Replace(name, " ");
    }

    private static string? ValidateNationality(string? value, FieldErrors errors, KycTexts texts)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(KycFields.Nationality, texts.Required);
            return null;
        }
        var code = value.Trim().ToUpperInvariant();
        if (!Countries.IsKnown(code))
        {
            errors.Add(KycFields.Nationality, texts.UnknownNationality);
            return null;
        }
        return code;
    }

    private static DateOnly? ValidateDateOfBirth(string? value, DateOnly today, FieldErrors errors, KycTexts texts)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(KycFields.DateOfBirth, texts.Required);
            return null;
        }
        if (value.Length > MaxDateLength
            || !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(KycFields.DateOfBirth, texts.InvalidDate);
            return null;
        }
        if (date > today)
        {
            errors.Add(KycFields.DateOfBirth, texts.DateInFuture);
            return null;
        }
        if (date < EarliestBirthDate)
        {
            errors.Add(KycFields.DateOfBirth, texts.TooOld);
            return null;
        }
        if (date.AddYears(MinimumAge) > today)
        {
            errors.Add(KycFields.DateOfBirth, texts.TooYoung);
            return null;
        }
        return date;
    }

    private static string? ValidateNationalId(string? value, string? nationality, DateOnly? dateOfBirth, FieldErrors errors, KycTexts texts)
    {
        var id = value?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(id))
        {
            errors.Add(KycFields.NationalId, texts.Required);
            return null;
        }
        if (nationality == Countries.China)
        {
            if (id.Length != PrcResidentId.Length || !PrcIdShape().IsMatch(id))
            {
                errors.Add(KycFields.NationalId, texts.InvalidPrcId);
                return null;
            }
            if (!PrcResidentId.HasValidCheckCharacter(id))
            {
                errors.Add(KycFields.NationalId, texts.PrcIdCheckDigit);
                return null;
            }
            var embedded = PrcResidentId.BirthDate(id);
            // An impossible embedded date (e.g. 19900230) is always a mismatch; otherwise compare once the date is valid.
            if (embedded is null || (dateOfBirth is { } dob && embedded != dob))
            {
                errors.Add(KycFields.NationalId, texts.PrcIdBirthDate);
                return null;
            }
            return id;
        }
        if (id.Length is < MinPassportStyleIdLength or > MaxPassportStyleIdLength || !PassportStyleId().IsMatch(id))
        {
            errors.Add(KycFields.NationalId, texts.InvalidPassportStyleId);
            return null;
        }
        return id;
    }

    private static string? ValidatePhone(string? value, FieldErrors errors, KycTexts texts)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(KycFields.Phone, texts.Required);
            return null;
        }
        if (value.Length > MaxPhoneLength)
        {
            errors.Add(KycFields.Phone, texts.InvalidPhone);
            return null;
        }
        var phone = NormalizePhone(value);
        if (phone is null)
        {
            errors.Add(KycFields.Phone, texts.InvalidPhone);
        }
        return phone;
    }

    /// <summary>E.164 (<c>+</c> and 8–15 digits) or an 11-digit mainland mobile (<c>1[3-9]</c>…); spaces and dashes dropped.</summary>
    public static string? NormalizePhone(string value)
    {
        var compact = value.Trim().Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return E164().IsMatch(compact) || MainlandMobile().IsMatch(compact) ? compact : null;
    }

    /// <summary>
    /// Letters of any script with their combining marks, spaces, the middle dot of transliterated names and hyphens,
    /// starting and ending with a letter. Read per code point, not per UTF-16 unit as .NET's regular expressions do: the
    /// rare CJK characters of some family names (𠮷, 𬌗) lie outside the basic plane, and each half of one is no letter.
    /// </summary>
    private static bool IsLegalName(string name)
    {
        var runes = name.EnumerateRunes().ToList();
        return IsLetterOrMark(runes[0]) && IsLetterOrMark(runes[^1]) && runes.All(r => IsLetterOrMark(r) || r.Value is ' ' or '·' or '-');
    }

    private static bool IsLetterOrMark(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
        or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    [GeneratedRegex(" {2,}")]
    private static partial Regex MultipleSpaces();

    [GeneratedRegex("^[0-9]{17}[0-9X]$")]
    private static partial Regex PrcIdShape();

    [GeneratedRegex("^[A-Z0-9]+$")]
    private static partial Regex PassportStyleId();

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164();

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex MainlandMobile();
}
