using Jade.Identity.Audit;
using Jade.Identity.Devices;
using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Jade.Identity.Account;

/// <summary>Second step with a one-time recovery code, for a customer who lost their authenticator.</summary>
public sealed class LoginWithRecoveryCodeModel(SignInManager<JadeUser> signIn, DeviceRecognition devices, ILogger<LoginWithRecoveryCodeModel> logger) : AccountPageModel
{
    [BindProperty]
    public string? RecoveryCode { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Login", ReturnRoute) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Login", ReturnRoute);
        }
        var code = (RecoveryCode ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (code.Length == 0)
        {
            ModelState.AddModelError(nameof(RecoveryCode), T.Required);
            return Page();
        }
        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserId} signed in with a recovery code", user.Id);
            await devices.SignedInAsync(HttpContext, user, SecurityAudit.SignInMethods.PasswordAndRecoveryCode, ct);
            return RedirectToReturnUrl();
        }
        if (result.IsLockedOut)
        {
            return RedirectToPage("/Lockout");
        }
        ModelState.AddModelError(nameof(RecoveryCode), T.InvalidRecoveryCode);
        return Page();
    }
}
