using Jade.Contracts.Identity;
using Jade.Identity.Registration;
using Jade.ServiceDefaults;

namespace Jade.Identity.Kyc;

/// <summary>A level 3 application as sent. Every field is a string so that a wrong shape is a field error.</summary>
public sealed record KycUpgradeRequest(string? Occupation, string? Employer, string? SourceOfFunds, string? AnnualIncome, string? Purpose, string? Address);

/// <summary>An application that passed <see cref="KycUpgradeValidation"/>, trimmed; an empty employer is null.</summary>
public sealed record ValidKycUpgrade(string Occupation, string? Employer, string SourceOfFunds, string AnnualIncome, string Purpose, string Address);

public static class KycUpgradeFields
{
    public const string Occupation = "occupation";
    public const string Employer = "employer";
    public const string SourceOfFunds = "sourceOfFunds";
    public const string AnnualIncome = "annualIncome";
    public const string Purpose = "purpose";
    public const string Address = "address";
}

/// <summary>Edge checks of a level 3 application; the SPA mirrors them (web-vue/src/components/kyc/KycUpgradeForm.vue).</summary>
public static class KycUpgradeValidation
{
    public const int MaxEmployerLength = 100;
    public const int MinAddressLength = 5;
    public const int MaxAddressLength = 200;

    public static (ValidKycUpgrade? Valid, FieldErrors Errors) Validate(KycUpgradeRequest request, KycTexts texts)
    {
        var errors = new FieldErrors();
        var occupation = Choice(request.Occupation, KycUpgradeChoices.Occupations, KycUpgradeFields.Occupation, errors, texts);
        var funds = Choice(request.SourceOfFunds, KycUpgradeChoices.FundsSources, KycUpgradeFields.SourceOfFunds, errors, texts);
        var income = Choice(request.AnnualIncome, KycUpgradeChoices.IncomeBands, KycUpgradeFields.AnnualIncome, errors, texts);
        var purpose = Choice(request.Purpose, KycUpgradeChoices.Purposes, KycUpgradeFields.Purpose, errors, texts);

        var employer = OneLine(request.Employer);
        if (employer is { Length: > MaxEmployerLength })
        {
            errors.Add(KycUpgradeFields.Employer, texts.AtMost(MaxEmployerLength));
        }
        else if (employer is not null && FreeText.HasControlCharacters(employer))
        {
            errors.Add(KycUpgradeFields.Employer, texts.PlainText);
        }

        var address = OneLine(request.Address);
        if (string.IsNullOrEmpty(address))
        {
            errors.Add(KycUpgradeFields.Address, texts.Required);
        }
        else if (address.Length is < MinAddressLength or > MaxAddressLength)
        {
            errors.Add(KycUpgradeFields.Address, texts.LengthBetween(MinAddressLength, MaxAddressLength));
        }
        else if (FreeText.HasControlCharacters(address))
        {
            errors.Add(KycUpgradeFields.Address, texts.PlainText);
        }

        return errors.Any
            ? (null, errors)
            : (new ValidKycUpgrade(occupation!, string.IsNullOrEmpty(employer) ? null : employer, funds!, income!, purpose!, address!), errors);
    }

    private static string? Choice(string? value, string[] allowed, string field, FieldErrors errors, KycTexts texts)
    {
        var choice = value?.Trim();
        if (string.IsNullOrEmpty(choice))
        {
            errors.Add(field, texts.Required);
            return null;
        }
        if (!allowed.Contains(choice, StringComparer.Ordinal))
        {
            errors.Add(field, texts.NotAChoice);
            return null;
        }
        return choice;
    }

    /// <summary>An address typed into a text area may span lines: line breaks and tabs become single spaces.</summary>
    private static string? OneLine(string? text) =>
        text is null ? null : string.Join(' ', text.Split([' ', '\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
