using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Jade.Identity.Account;

/// <summary>Signing out changes state, so it happens only on an anti-forgery-protected POST.</summary>
public sealed class LogoutModel(SignInManager<JadeUser> signIn) : AccountPageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return RedirectToReturnUrl();
    }
}
