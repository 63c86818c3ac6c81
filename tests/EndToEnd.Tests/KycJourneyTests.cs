using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Jade.EndToEnd.Tests;

/// <summary>
/// KYC across identity, risk, the bus, the gateway and the SPA: a name on the sanctions list waits for a risk officer,
/// whose decline the customer sees; a clean customer is verified without anyone looking, and an officer approves their
/// application for level 3, which raises their payment limits.
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

        await AsRiskOfficerAsync("officer-console.png", async console =>
        {
            await console.GetByTestId("case-row").First.ClickAsync();
            await console.GetByTestId("case-comment").FillAsync("Matches the SDN entry by name and date of birth.");
            await console.GetByTestId("case-decline").ClickAsync();
            await console.GetByTestId("case-confirm").ClickAsync();
            await Assertions.Expect(console.GetByTestId("case-resolution")).ToBeVisibleAsync();
        });

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

    [Test]
    public async Task A_verified_customer_applies_for_level_3_and_an_officers_approval_raises_the_limits()
    {
        await Journeys.RegisterAsync(Page);
        await Journeys.SubmitKycAsync(Page, "赵明远", "11010519851115217X", "1985-11-15");
        await Assertions.Expect(Page.GetByTestId("kyc-level")).ToContainTextAsync("2", new() { Timeout = 30_000 });

        await Page.GetByTestId("kyc-upgrade-apply").ClickAsync();
        await ChooseAsync("kyc-upgrade-occupation", "企业职员");
        await ChooseAsync("kyc-upgrade-sourceOfFunds", "工资薪金");
        await ChooseAsync("kyc-upgrade-annualIncome", "20 万至 50 万元");
        await ChooseAsync("kyc-upgrade-purpose", "日常消费");
        await Page.GetByTestId("kyc-upgrade-employer").FillAsync("北京星河科技有限公司");
        await Page.GetByTestId("kyc-upgrade-address").FillAsync("北京市海淀区中关村大街 27 号 3 单元 502");
        await Page.GetByTestId("kyc-upgrade-submit").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("kyc-upgrade-pending")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("kyc-upgrade-summary-address")).ToHaveTextAsync("北京市海淀区****");

        await AsRiskOfficerAsync("officer-console-upgrade.png", async console =>
        {
            await console.GetByTestId("case-filter-kind").GetByText("三级认证申请").ClickAsync();
            await Assertions.Expect(console.GetByTestId("case-kind").First).ToHaveTextAsync("三级认证申请");
            await console.GetByTestId("case-row").First.ClickAsync();
            await Assertions.Expect(console.GetByTestId("upgrade-occupation")).ToHaveTextAsync("企业职员");
            await Assertions.Expect(console.GetByTestId("upgrade-employer")).ToHaveTextAsync("北京星河科技有限公司");
            await console.GetByTestId("case-comment").FillAsync("Salaried employee; income consistent with the declared use.");
            await console.GetByTestId("case-approve").ClickAsync();
            await console.GetByTestId("case-confirm").ClickAsync();
            await Assertions.Expect(console.GetByTestId("case-resolution")).ToBeVisibleAsync();
        });

        // The verification page polls the pending application, then shows the new level.
        await Assertions.Expect(Page.GetByTestId("kyc-upgrade-approved")).ToBeVisibleAsync(new() { Timeout = 45_000 });
        await Assertions.Expect(Page.GetByTestId("kyc-level")).ToContainTextAsync("3", new() { Timeout = 30_000 });

        // Payments hears of level 3 over the bus: the limits the send and withdraw pages show follow.
        var deadline = DateTime.UtcNow.AddSeconds(45);
        string limits;
        do
        {
            limits = await Page.EvaluateAsync<string>("fetch('/api/payments/limits').then(r => r.text())");
            if (limits.Contains("\"kycLevel\":3")) break;
            await Task.Delay(1_000);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Multiple(() =>
        {
            Assert.That(limits, Does.Contain("\"kycLevel\":3"));
            Assert.That(limits, Does.Contain("\"perTransactionMinor\":20000000"), "level 3 allows 200,000.00 a payment");
        });
    }

    /// <summary>A risk officer, in a browser context of their own, signed in on the review console's queue.</summary>
    private static async Task AsRiskOfficerAsync(string screenshotName, Func<IPage, Task> steps)
    {
        var officer = Stack.Staff.First(s => s.Roles.Contains("risk_officer"));
        var officerContext = await Stack.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Stack.Gateway.ToString() });
        officerContext.SetDefaultTimeout(30_000);
        var console = await officerContext.NewPageAsync();
        try
        {
            await Journeys.SignInStaffAsync(console, officer.Email, officer.Password);
            await console.OpenAsync("/admin/risk");
            await steps(console);
        }
        catch
        {
            // The officer's page is not the one the base class captures.
            var shot = Path.Combine(TestContext.CurrentContext.WorkDirectory, screenshotName);
            await console.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            TestContext.Out.WriteLine($"officer console: {console.Url}, screenshot {shot}");
            throw;
        }
        finally
        {
            await officerContext.CloseAsync();
        }
    }

    /// <summary>
    /// Picks an option of an Element Plus select by its visible label. A click that lands while the previous select's
    /// dropdown is still closing can be taken as "close" rather than "open", so an unopened dropdown is opened again.
    /// </summary>
    private async Task ChooseAsync(string testId, string label)
    {
        var option = Page.GetByRole(AriaRole.Option, new() { Name = label, Exact = true });
        for (var attempt = 1; ; attempt++)
        {
            await Page.GetByTestId(testId).ClickAsync();
            try
            {
                await option.ClickAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }
}
