using Jade.Identity.Devices;
using Jade.Identity.Localization;
using Jade.Identity.Registration;
using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Jade.Identity.Account;

/// <summary>The registration form; the same <see cref="RegistrationService"/> as the API does the work.</summary>
public sealed class RegisterModel(RegistrationService registration, SignInManager<JadeUser> signIn, DeviceRecognition devices) : AccountPageModel
{
    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.Ordinal)
    {
        [RegistrationFields.Email] = nameof(Email),
        [RegistrationFields.Password] = nameof(Password),
        [RegistrationFields.PhoneNumber] = nameof(PhoneNumber),
    };

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    [BindProperty]
    public string? PhoneNumber { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!string.Equals(Password, ConfirmPassword, StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(ConfirmPassword), T.PasswordsDoNotMatch);
        }
        var language = T == AccountTexts.English ? Languages.English : Languages.Chinese;
        // Mismatched confirmation is checked first so that nothing is written for a form that will be re-shown anyway.
        // The browser registering becomes the new customer's first known device (no new-device alert on it later).
        var browser = DeviceSighting.Of(HttpContext);
        var result = ModelState.IsValid
            ? await registration.RegisterAsync(new RegistrationRequest(Email, Password, PhoneNumber, language), browser, ct)
            : RegistrationResult.Failed(RegistrationValidation.Validate(new RegistrationRequest(Email, Password, PhoneNumber, language), T).ToDictionary());
        if (result.Succeeded)
        {
            var user = await signIn.UserManager.FindByIdAsync(result.UserId!.Value.ToString())
                ?? throw new InvalidOperationException("The user just registered cannot be found.");
            await signIn.SignInAsync(user, isPersistent: false);
            devices.IssueCookie(HttpContext, browser);
            return RedirectToReturnUrl();
        }
        foreach (var (field, messages) in result.Errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(FieldNames.GetValueOrDefault(field, ""), message);
            }
        }
        return Page();
    }
}
