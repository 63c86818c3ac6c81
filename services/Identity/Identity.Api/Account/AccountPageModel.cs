using Jade.Identity.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jade.Identity.Account;

/// <summary>Shared plumbing of the login pages: texts, field errors and a return URL that can only stay on this site.</summary>
public abstract class AccountPageModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public AccountTexts T => AccountTexts.Current;

    public string? ErrorFor(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>Only local URLs (e.g. <c>/connect/authorize?...</c>): anything else would be an open redirect.</summary>
    protected string SafeReturnUrl => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "~/";

    protected IActionResult RedirectToReturnUrl() => LocalRedirect(SafeReturnUrl);

    /// <summary>Carries the return URL along when moving between login steps.</summary>
    protected object ReturnRoute => new { ReturnUrl = string.IsNullOrEmpty(ReturnUrl) || !Url.IsLocalUrl(ReturnUrl) ? null : ReturnUrl };
}
