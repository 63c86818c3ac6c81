using System.Text.RegularExpressions;
using Jade.Testing;
using Microsoft.Playwright;

namespace Jade.EndToEnd.Tests;

/// <summary>
/// Notifications as customers meet them in Chromium: money arriving lights the bell of a page that is already open, the
/// e-mail reaches a real SMTP server in the customer's language, and a sign-in from a browser identity has not seen
/// before raises one security alert, which the same browser signing in again does not repeat.
/// </summary>
public sealed partial class NotificationJourneyTests : BrowserTest
{
    [Test]
    public async Task Money_from_A_lights_B_s_open_page_without_a_reload_and_B_gets_the_email_in_B_s_language()
    {
        var bobContext = await Stack.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Stack.Gateway.ToString() });
        bobContext.SetDefaultTimeout(30_000);
        var bob = await bobContext.NewPageAsync();
        try
        {
            // B registers on the Chinese pages (the default) and keeps the dashboard open; the welcome is the one unread message.
            var bobEmail = await Journeys.RegisterAsync(bob);
            await Assertions.Expect(bob.GetByTestId("bell-count")).ToHaveTextAsync("1", new() { Timeout = 45_000 });

            await Journeys.RegisterAsync(Page);
            await FundAsync(Page, 10_000);
            await Page.OpenAsync("/pay");
            await Page.GetByTestId("pay-email").FillAsync(bobEmail);
            await Page.GetByTestId("pay-find").ClickAsync();
            await Page.GetByTestId("pay-confirm-payee").ClickAsync();
            await Page.GetByTestId("pay-amount").FillAsync("30.00");
            await Page.GetByTestId("pay-continue").ClickAsync();
            await Journeys.SetPinAsync(Page, "pay-pin-setup");
            await Page.GetByTestId("pay-pin").FillAsync(Journeys.Pin);
            await Page.GetByTestId("pay-submit").ClickAsync();
            await Assertions.Expect(Page.GetByTestId("pay-step-status").GetByTestId("payment-outcome"))
                .ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });

            // B's page was never reloaded: the bell and the dashboard's inbox change over the live connection.
            await Assertions.Expect(bob).ToHaveURLAsync(DashboardUrl());
            await Assertions.Expect(bob.GetByTestId("bell-count")).ToHaveTextAsync("2", new() { Timeout = 30_000 });
            await Assertions.Expect(bob.GetByText("收到转账").First).ToBeVisibleAsync();

            var mail = await Stack.Mail.WaitForAsync(bobEmail, m => m.Subject == "收到转账", timeout: TimeSpan.FromSeconds(30));
            Assert.That(mail, Has.Count.EqualTo(1));
            Assert.That(mail[0].TextBody, Does.Contain("¥30.00").And.Contain("已存入钱包"));
        }
        finally
        {
            await bobContext.CloseAsync();
        }
    }

    [Test]
    public async Task A_sign_in_from_a_new_browser_raises_one_alert_and_the_same_browser_again_raises_none()
    {
        var email = await Journeys.RegisterAsync(Page);

        // Another browser: no device cookie.
        var other = await Stack.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Stack.Gateway.ToString() });
        other.SetDefaultTimeout(30_000);
        try
        {
            var page = await other.NewPageAsync();
            await Journeys.SignInAsync(page, email, Journeys.Password);
            var alerts = await Stack.Mail.WaitForAsync(email, m => m.Subject == "新设备登录提醒", timeout: TimeSpan.FromSeconds(30));
            Assert.That(alerts, Has.Count.EqualTo(1));
            Assert.That(alerts[0].TextBody, Does.Contain("如果不是您本人操作"));
            await Assertions.Expect(page.GetByTestId("bell-count")).ToHaveTextAsync("2", new() { Timeout = 30_000 });

            // The same browser signs in again after its session ended: it keeps only its device cookie.
            var device = (await other.CookiesAsync()).Where(c => c.Name == "jade.device").ToList();
            Assert.That(device, Has.Count.EqualTo(1));
            await other.ClearCookiesAsync();
            await other.AddCookiesAsync([new Cookie
            {
                Name = device[0].Name, Value = device[0].Value, Domain = device[0].Domain, Path = device[0].Path,
                Expires = device[0].Expires, HttpOnly = device[0].HttpOnly, Secure = device[0].Secure, SameSite = device[0].SameSite,
            }]);
            await Journeys.SignInAsync(page, email, Journeys.Password);
            await Task.Delay(TimeSpan.FromSeconds(5));

            Assert.That(await Stack.Mail.WaitForAsync(email, m => m.Subject == "新设备登录提醒", timeout: TimeSpan.Zero), Has.Count.EqualTo(1));
            await Assertions.Expect(page.GetByTestId("bell-count")).ToHaveTextAsync("2");
        }
        finally
        {
            await other.CloseAsync();
        }
    }

    /// <summary>Credits the signed-in customer's wallet from a settlement account, as a top-up's settlement would.</summary>
    private static async Task FundAsync(IPage page, long amountMinor)
    {
        await page.OpenAsync("/wallet");
        var walletId = await page.EvaluateAsync<string>("fetch('/api/ledger/me/accounts').then(r => r.json()).then(a => a[0].id)");
        using var ledger = await Journeys.LedgerOperationsClientAsync();
        var settlement = Guid.NewGuid();
        await Journeys.LedgerPostAsync(ledger, "accounts", new { accounts = new[] { new { id = settlement, currency = "CNY", code = 202 } } });
        await Journeys.LedgerPostAsync(ledger, "transfers", new
        {
            transfers = new[] { new { id = Guid.NewGuid(), debitAccountId = settlement, creditAccountId = walletId, amount = amountMinor, currency = "CNY", code = 1 } },
        });
    }

    [GeneratedRegex("/dashboard$")]
    private static partial Regex DashboardUrl();
}
