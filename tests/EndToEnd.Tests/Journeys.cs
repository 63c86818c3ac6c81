using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Jade.EndToEnd.Tests;

/// <summary>Steps several journeys share.</summary>
public static partial class Journeys
{
    public const string Password = "Jade-Test-2026";

    /// <summary>Registers a new customer through the identity pages and lands on the dashboard; returns the e-mail.</summary>
    public static async Task<string> RegisterAsync(IPage page)
    {
        var email = $"e2e-{Guid.NewGuid():N}@example.com";
        await page.GotoAsync("/");
        await page.GetByTestId("register").ClickAsync();
        await page.WaitForURLAsync(RegisterPage());
        await page.Locator("#Email").FillAsync(email);
        await page.Locator("#Password").FillAsync(Password);
        await page.Locator("#ConfirmPassword").FillAsync(Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(Dashboard());
        return email;
    }

    /// <summary>Signs an existing user in through the identity login page and lands on the dashboard.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/");
        await page.GetByTestId("sign-in").ClickAsync();
        await page.Locator("#Email").FillAsync(email);
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(Dashboard());
    }

    [GeneratedRegex("/account/register", RegexOptions.IgnoreCase)]
    private static partial Regex RegisterPage();

    [GeneratedRegex("/dashboard$")]
    private static partial Regex Dashboard();
}
