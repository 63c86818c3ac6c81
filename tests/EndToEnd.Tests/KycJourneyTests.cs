using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Jade.EndToEnd.Tests;

/// <summary>
/// KYC across identity, risk, the bus, the gateway and the SPA: a name on the sanctions list waits for a risk officer,
/// whose decline the customer sees; a clean customer is verified without anyone looking.
/// </summary>
public sealed class KycJourneyTests : BrowserTest
{
    [Test]
    public async Task A_sanctioned_name_goes_to_an_officer_whose_decline_the_customer_sees()
    {
        await Journeys.RegisterAsync(Page);
        await Journeys.SubmitKycAsync(Page, "Kim Jong Un", "11010119840108123X", "1984-01-08");
        await Assertions.Expect(Page.GetByTestId("kyc-status")).ToContainTextAsync(new Regex("review|审核", RegexOptions.IgnoreCase),
            new() { Timeout = 30_000 });

        var officer = Stack.Staff.First(s => s.Roles.Contains("risk_officer"));
        var officerContext = await Stack.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Stack.Gateway.ToString() });
        officerContext.SetDefaultTimeout(30_000);
        var console = await officerContext.NewPageAsync();
        try
        {
            await Journeys.SignInAsync(console, officer.Email, officer.Password);
            await console.OpenAsync("/admin/risk");
            var row = console.GetByTestId("case-row").First;
            await row.ClickAsync();
            await console.GetByTestId("case-comment").FillAsync("Matches the SDN entry by name and date of birth.");
            await console.GetByTestId("case-decline").ClickAsync();
            await console.GetByTestId("case-confirm").ClickAsync();
            await Assertions.Expect(console.GetByTestId("case-resolution")).ToBeVisibleAsync();
        }
        catch
        {
            // The officer's page is not the one the base class captures.
            var shot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "officer-console.png");
            await console.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            TestContext.Out.WriteLine($"officer console: {console.Url}, screenshot {shot}");
            throw;
        }
        finally
        {
            await officerContext.CloseAsync();
        }

        // The verification page polls while the case is open.
        await Assertions.Expect(Page.GetByTestId("kyc-status")).ToContainTextAsync(new Regex("Verification failed|认证失败"),
            new() { Timeout = 30_000 });
    }

    [Test]
    public async Task A_clean_customer_is_verified_without_review()
    {
        await Journeys.RegisterAsync(Page);
        await Journeys.SubmitKycAsync(Page, "王小明", "110101199003071233", "1990-03-07");
        await Assertions.Expect(Page.GetByTestId("kyc-level")).ToContainTextAsync("2", new() { Timeout = 30_000 });
        await Assertions.Expect(Page.GetByTestId("kyc-status")).Not.ToContainTextAsync(new Regex("review|审核", RegexOptions.IgnoreCase));
    }
}
