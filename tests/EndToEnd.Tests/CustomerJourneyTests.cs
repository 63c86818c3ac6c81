using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;

namespace Jade.EndToEnd.Tests;

public sealed class CustomerJourneyTests : BrowserTest
{
    [Test]
    public async Task Register_get_welcomed_enable_two_factor_and_sign_in_again_with_it()
    {
        var email = await Journeys.RegisterAsync(Page);
        const string password = Journeys.Password;

        var welcome = Page.GetByTestId("notification").First;
        await Assertions.Expect(welcome).ToContainTextAsync("欢迎加入 Jade", new() { Timeout = 45_000 });
        // The ledger opened the new customer's wallet from the same registration event; the balance is read through
        // the gateway with the session's token.
        await Assertions.Expect(Page.GetByTestId("wallet-balance")).ToContainTextAsync("0.00", new() { Timeout = 45_000 });

        await Page.OpenAsync("/security");
        await Page.GetByTestId("totp-setup").ClickAsync();
        var secret = (await Page.GetByTestId("totp-secret").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).Trim();
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        await Page.GetByTestId("totp-code").FillAsync(totp.ComputeTotp());
        await Page.GetByTestId("totp-enable").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("recovery-codes")).ToBeVisibleAsync();

        await Page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("sign-in")).ToBeVisibleAsync();

        await Page.GetByTestId("sign-in").ClickAsync();
        await Page.Locator("#Email").FillAsync(email);
        await Page.Locator("#Password").FillAsync(password);
        await Page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(Page.Locator("#Code")).ToBeVisibleAsync();
        // Each code works once: the one used to enable two-step verification would be refused, so use the next step's.
        await Page.Locator("#Code").FillAsync(totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30)));
        await Page.Locator("button[type=submit]").ClickAsync();
        await Page.ArrivedAtAsync(new Regex("/(dashboard|security)$"));

        await Page.OpenAsync("/dashboard");
        await Page.GetByTestId("lang-switch").GetByText("English").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("notification").First).ToContainTextAsync("Welcome to Jade");
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Security" })).ToBeVisibleAsync();
        Assert.That(await Page.EvaluateAsync<string>("document.documentElement.lang"), Is.EqualTo("en"));
    }
}
