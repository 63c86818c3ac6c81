using Jade.Identity.Devices;
using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Jade.Identity.Account;

public sealed class LoginModel(SignInManager<JadeUser> signIn, DeviceRecognition devices, ILogger<LoginModel> logger) : AccountPageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Email))
        {
            ModelState.AddModelError(nameof(Email), T.Required);
        }
        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), T.Required);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Email!.Trim(), Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            // The password sign-in found the user by user name (the email); it is there.
            var user = await signIn.UserManager.FindByNameAsync(Email.Trim())
                ?? throw new InvalidOperationException("The user who just signed in cannot be found.");
            await devices.SignedInAsync(HttpContext, user.Id, ct);
            return RedirectToReturnUrl();
        }
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/LoginWith2fa", ReturnRoute);
        }
        if (result.IsLockedOut)
        {
            logger.LogWarning("Sign-in refused: {Email} is locked out", LogMasking.MaskEmail(Email));
            return RedirectToPage("/Lockout");
        }
        logger.LogInformation("Failed sign-in for {Email}", LogMasking.MaskEmail(Email));
        ModelState.AddModelError("", T.InvalidLogin);
        return Page();
    }
}
