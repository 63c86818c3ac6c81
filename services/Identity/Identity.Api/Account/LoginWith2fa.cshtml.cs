using Jade.Identity.Audit;
using Jade.Identity.Devices;
using Jade.Identity.TwoFactor;
using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Jade.Identity.Account;

/// <summary>Second step after a correct password: the authenticator's TOTP code.</summary>
public sealed class LoginWith2faModel(SignInManager<JadeUser> signIn, DeviceRecognition devices, SecurityAudit audit) : AccountPageModel
{
    [BindProperty]
    public string? Code { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Login", ReturnRoute) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Login", ReturnRoute);
        }
        var code = AuthenticatorSetup.NormalizeCode(Code);
        if (code.Length == 0)
        {
            ModelState.AddModelError(nameof(Code), T.Required);
            return Page();
        }
        var wasLocked = await signIn.UserManager.IsLockedOutAsync(user);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            await devices.SignedInAsync(HttpContext, user, SecurityAudit.SignInMethods.PasswordAndAuthenticator, ct);
            return RedirectToReturnUrl();
        }
        if (result.IsLockedOut)
        {
            if (!wasLocked)
            {
                await audit.RecordLockoutAsync(HttpContext, user, "sign_in_code", ct);
            }
            return RedirectToPage("/Lockout");
        }
        ModelState.AddModelError(nameof(Code), T.InvalidCode);
        return Page();
    }
}
