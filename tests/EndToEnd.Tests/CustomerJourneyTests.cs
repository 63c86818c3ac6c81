using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;

namespace Jade.EndToEnd.Tests;

public sealed partial class CustomerJourneyTests
{
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    [SetUp]
    public async Task OpenBrowserAsync()
    {
        _context = await Stack.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Stack.Gateway.ToString() });
        // Generous: the first page of a cold stack on a busy 2-core machine can take a while to compile and answer.
        _context.SetDefaultTimeout(30_000);
        _page = await _context.NewPageAsync();
    }

    [TearDown]
    public async Task CloseBrowserAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            var shot = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"{TestContext.CurrentContext.Test.Name}.png");
            await _page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            TestContext.Out.WriteLine($"url: {_page.Url}\nscreenshot: {shot}\n{Stack.RecentLogs()}");
        }
        await _context.CloseAsync();
    }

    [Test]
    public async Task Register_get_welcomed_enable_two_factor_and_sign_in_again_with_it()
    {
        var email = await Journeys.RegisterAsync(_page);
        const string password = Journeys.Password;

        var welcome = _page.GetByTestId("notification").First;
        await Assertions.Expect(welcome).ToContainTextAsync("欢迎加入 Jade", new() { Timeout = 45_000 });
        // The ledger opened the new customer's wallet from the same registration event; the balance is read through
        // the gateway with the session's token.
        await Assertions.Expect(_page.GetByTestId("wallet-balance")).ToContainTextAsync("0.00", new() { Timeout = 45_000 });

        await _page.GotoAsync("/security");
        await _page.GetByTestId("totp-setup").ClickAsync();
        var secret = (await _page.GetByTestId("totp-secret").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).Trim();
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        await _page.GetByTestId("totp-code").FillAsync(totp.ComputeTotp());
        await _page.GetByTestId("totp-enable").ClickAsync();
        await Assertions.Expect(_page.GetByTestId("recovery-codes")).ToBeVisibleAsync();

        await _page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(_page.GetByTestId("sign-in")).ToBeVisibleAsync();

        await _page.GetByTestId("sign-in").ClickAsync();
        await _page.Locator("#Email").FillAsync(email);
        await _page.Locator("#Password").FillAsync(password);
        await _page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(_page.Locator("#Code")).ToBeVisibleAsync();
        // Each code works once: the one used to enable two-step verification would be refused, so use the next step's.
        await _page.Locator("#Code").FillAsync(totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30)));
        await _page.Locator("button[type=submit]").ClickAsync();
        await _page.WaitForURLAsync(new Regex("/(dashboard|security)$"));

        await _page.GotoAsync("/dashboard");
        await _page.GetByTestId("lang-switch").GetByText("English").ClickAsync();
        await Assertions.Expect(_page.GetByTestId("notification").First).ToContainTextAsync("Welcome to Jade");
        await Assertions.Expect(_page.GetByRole(AriaRole.Link, new() { Name = "Security" })).ToBeVisibleAsync();
        Assert.That(await _page.EvaluateAsync<string>("document.documentElement.lang"), Is.EqualTo("en"));
    }
}
