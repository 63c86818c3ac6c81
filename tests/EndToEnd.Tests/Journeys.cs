using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
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
        await page.OpenAsync("/");
        await page.GetByTestId("register").ClickAsync();
        // The form is usable once the document is parsed; waiting for every subresource's load event once took over 30 s
        // on CI while the page was already on screen. Even the parsed document has taken over 30 s there, with every
        // test project running at once on two cores, so this wait gets twice the default.
        await page.WaitForURLAsync(RegisterPage(), new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 60_000 });
        await page.Locator("#Email").FillAsync(email);
        await page.Locator("#Password").FillAsync(Password);
        await page.Locator("#ConfirmPassword").FillAsync(Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await LandOnDashboardAsync(page);
        return email;
    }

    /// <summary>Submits the verification form (nationality as preset: China) from the navigation.</summary>
    public static async Task SubmitKycAsync(IPage page, string name, string prcId, string dateOfBirth)
    {
        await page.GetByTestId("nav-verification").ClickAsync();
        await page.GetByTestId("kyc-legal-name").FillAsync(name);
        await page.GetByTestId("kyc-national-id-input").FillAsync(prcId);
        await page.GetByTestId("kyc-date-of-birth").FillAsync(dateOfBirth);
        await page.GetByTestId("kyc-phone").FillAsync("13812345678");
        await page.GetByTestId("kyc-submit").ClickAsync();
    }

    /// <summary>Signs an existing customer in through the identity login page and lands on the dashboard.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await SubmitSignInAsync(page, email, password);
        await LandOnDashboardAsync(page);
    }

    /// <summary>Signs a member of staff in: staff have no wallet, so the SPA starts them at their own console.</summary>
    public static async Task SignInStaffAsync(IPage page, string email, string password)
    {
        await SubmitSignInAsync(page, email, password);
        await page.ArrivedAtAsync(Console(), 90_000);
        await Assertions.Expect(page.GetByTestId("nav-pay")).ToBeHiddenAsync();
    }

    private static async Task SubmitSignInAsync(IPage page, string email, string password)
    {
        await page.OpenAsync("/");
        await page.GetByTestId("sign-in").ClickAsync();
        await page.Locator("#Email").FillAsync(email);
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
    }

    /// <summary>
    /// Opens a page of the site and returns once its document is parsed (the SPA's module scripts have run), not at its
    /// load event, for the reason given at <see cref="ArrivedAtAsync"/>. What a test does next waits for its own element.
    /// </summary>
    public static async Task OpenAsync(this IPage page, string path) =>
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.DOMContentLoaded });

    /// <summary>
    /// Waits until the browser is at <paramref name="url"/> by polling the address, not for a navigation or load event:
    /// the document's load event once did not come within 90 s on CI while the page was usable, and <c>WaitForURLAsync</c>
    /// with <c>Commit</c> hung when the page had already arrived before it was called. What a test does or checks next
    /// waits for its own element.
    /// </summary>
    public static Task ArrivedAtAsync(this IPage page, Regex url, float timeout = 30_000) =>
        Assertions.Expect(page).ToHaveURLAsync(url, new() { Timeout = timeout });

    /// <summary>
    /// Waits for the signed-in SPA to show its dashboard. Registration or sign-in and the OIDC round trip back: the first
    /// one of a cold stack on a loaded 2-core machine has taken more than the default 30 s. What counts is the shell on
    /// screen, not the document's load event, which once did not come within 90 s on CI while the page was usable.
    /// </summary>
    private static async Task LandOnDashboardAsync(IPage page)
    {
        await page.ArrivedAtAsync(Dashboard(), 90_000);
        await Assertions.Expect(page.GetByTestId("nav-pay")).ToBeVisibleAsync(new() { Timeout = 90_000 });
    }

    public const string Pin = "135790";

    /// <summary>Sets the first payment PIN in the form the payment step shows when none is set.</summary>
    public static async Task SetPinAsync(IPage page, string prefix)
    {
        var setup = page.GetByTestId(prefix);
        await Assertions.Expect(setup).ToBeVisibleAsync();
        await setup.GetByTestId("pin-new").FillAsync(Pin);
        await setup.GetByTestId("pin-confirm").FillAsync(Pin);
        await setup.GetByTestId("pin-submit").ClickAsync();
    }

    /// <summary>A client-credentials token for the ledger, as the payments service would hold, used against the ledger directly.</summary>
    public static async Task<HttpClient> LedgerOperationsClientAsync()
    {
        using var identity = new HttpClient { BaseAddress = Stack.Gateway };
        var response = await identity.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = Stack.OperationsClient,
            ["client_secret"] = Stack.OperationsSecret,
            ["scope"] = "ledger.write ledger.read",
        }));
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        var ledger = new HttpClient { BaseAddress = Stack.Ledger };
        ledger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return ledger;
    }

    /// <summary>Posts to the ledger's API and expects every item <c>created</c>.</summary>
    public static async Task LedgerPostAsync(HttpClient ledger, string path, object body)
    {
        var response = await ledger.PostAsJsonAsync($"api/ledger/{path}", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, text);
        var statuses = JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString());
        Assert.That(statuses, Is.All.EqualTo("created"), text);
    }

    [GeneratedRegex("/account/register", RegexOptions.IgnoreCase)]
    private static partial Regex RegisterPage();

    [GeneratedRegex("/dashboard$")]
    private static partial Regex Dashboard();

    [GeneratedRegex("/admin/")]
    private static partial Regex Console();
}
