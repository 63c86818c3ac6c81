using Jade.Identity.Audit;
using Jade.Identity.Devices;
using Jade.Identity.Passkeys;
using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Jade.Identity.Account;

public sealed class LoginModel(SignInManager<JadeUser> signIn, DeviceRecognition devices, SecurityAudit audit, IPasskeyHandler<JadeUser> passkeys,
    PasskeyCeremonies ceremonies, PasskeyAnswers answers, ILogger<LoginModel> logger) : AccountPageModel
{
    /// <summary>RFC 8176 <c>amr</c> of a passkey sign-in: proof of possession of a hardware-secured key.</summary>
    public const string PasskeyMethod = "hwk";

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

        var user = await signIn.UserManager.FindByNameAsync(Email!.Trim());
        // Known before the attempt, so the attempt that locks the account can be told from one refused because it was locked.
        var wasLocked = user is not null && await signIn.UserManager.IsLockedOutAsync(user);
        var result = user is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed : await signIn.PasswordSignInAsync(user, Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await devices.SignedInAsync(HttpContext, user!, SecurityAudit.SignInMethods.Password, ct);
            return RedirectToReturnUrl();
        }
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/LoginWith2fa", ReturnRoute);
        }
        if (result.IsLockedOut)
        {
            if (!wasLocked)
            {
                await audit.RecordLockoutAsync(HttpContext, user!, "sign_in", ct);
            }
            logger.LogWarning("Sign-in refused: {Email} is locked out", LogMasking.MaskEmail(Email));
            return RedirectToPage("/Lockout");
        }
        logger.LogInformation("Failed sign-in for {Email}", LogMasking.MaskEmail(Email));
        ModelState.AddModelError("", T.InvalidLogin);
        return Page();
    }

    /// <summary>Options for <c>navigator.credentials.get</c> naming no user: the browser offers the passkeys it holds for Jade.</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync(CancellationToken ct)
    {
        var options = await passkeys.MakeRequestOptionsAsync(null, HttpContext);
        var ceremony = await ceremonies.BeginAsync(null, PasskeyPurposes.SignIn,
            options.AssertionState ?? throw new InvalidOperationException("The passkey handler kept no assertion state."), ct);
        Response.Headers.CacheControl = "no-store";
        return Content($$"""{"ceremonyId":"{{ceremony.Id}}","options":{{options.RequestOptionsJson}}}""", "application/json");
    }

    /// <summary>
    /// A passkey with user verification is two factors in one (the device and the fingerprint, face or device PIN), so it
    /// signs in without the authenticator code; lockout still applies.
    /// </summary>
    public async Task<IActionResult> OnPostPasskeyAsync(Guid? ceremonyId, string? credential, CancellationToken ct)
    {
        var (answer, user) = ceremonyId is { } id && !string.IsNullOrEmpty(credential)
            ? await answers.VerifyAsync(HttpContext, id, null, PasskeyPurposes.SignIn, credential, ct)
            : (PasskeyAnswer.CeremonyGone, null);
        if (answer != PasskeyAnswer.Verified)
        {
            ModelState.AddModelError("", answer == PasskeyAnswer.CeremonyGone ? T.PasskeyCeremonyExpired : T.PasskeyNotAccepted);
            return Page();
        }
        if (await signIn.UserManager.IsLockedOutAsync(user!))
        {
            logger.LogWarning("Passkey sign-in refused: user {UserId} is locked out", user!.Id);
            return RedirectToPage("/Lockout");
        }
        await signIn.SignInAsync(user!, isPersistent: false, authenticationMethod: PasskeyMethod);
        await devices.SignedInAsync(HttpContext, user!, SecurityAudit.SignInMethods.Passkey, ct);
        logger.LogInformation("User {UserId} signed in with a passkey", user!.Id);
        return RedirectToReturnUrl();
    }
}
