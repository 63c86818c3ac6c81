using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Jade.EndToEnd.Tests;

/// <summary>
/// The first complete money journey, in Chromium through the gateway's BFF, payments, risk, the ledger and the rail
/// simulator: A tops up 100.00 with a test card on the acquirer's page, sends 30.00 to B with the payment PIN, B sees it
/// arrive and withdraws 20.00 to a bound card; both histories and balances are right in zh-CN and in en.
/// </summary>
public sealed partial class MoneyJourneyTests : BrowserTest
{
    [Test]
    public async Task A_tops_up_sends_to_B_and_B_withdraws_and_both_see_it_in_both_languages()
    {
        var bobContext = await Stack.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Stack.Gateway.ToString() });
        bobContext.SetDefaultTimeout(30_000);
        var bob = await bobContext.NewPageAsync();
        try
        {
            var bobEmail = await Journeys.RegisterAsync(bob);
            await Journeys.RegisterAsync(Page);

            // A tops up 100.00: the card is entered on the acquirer's page, which sends the browser back to the payment.
            await Page.OpenAsync("/topup");
            await Page.GetByTestId("topup-amount").FillAsync("100.00");
            await Page.GetByTestId("topup-submit").ClickAsync();
            await Page.ArrivedAtAsync(new Regex($"^{Regex.Escape(Stack.Rails.ToString())}acquiring/v1/charges/.+/confirm$"));
            await Page.Locator("#card").FillAsync("4242 4242 4242 4242");
            await Page.Locator("button[type=submit]").ClickAsync();
            await Page.ArrivedAtAsync(PaymentDetail());
            await Assertions.Expect(Page.GetByTestId("payment-status")).ToHaveTextAsync(new Regex("已完成|Completed"), new() { Timeout = 60_000 });
            await ExpectBalanceAsync(Page, "100.00");

            // A sends 30.00 to B, setting the payment PIN on the way.
            await Page.OpenAsync("/pay");
            await Page.GetByTestId("pay-email").FillAsync(bobEmail);
            await Page.GetByTestId("pay-find").ClickAsync();
            await Assertions.Expect(Page.GetByTestId("payee-masked")).ToContainTextAsync("@example.com");
            await Page.GetByTestId("pay-confirm-payee").ClickAsync();
            // An unverified customer's day allows 10,000.00, and a top-up uses none of it.
            await Assertions.Expect(Page.GetByTestId("limits-left-today")).ToContainTextAsync("10,000.00");
            await Page.GetByTestId("pay-amount").FillAsync("30.00");
            await Page.GetByTestId("pay-continue").ClickAsync();
            await Journeys.SetPinAsync(Page, "pay-pin-setup");
            await Page.GetByTestId("pay-pin").FillAsync(Journeys.Pin);
            await Page.GetByTestId("pay-submit").ClickAsync();
            await Assertions.Expect(Page.GetByTestId("pay-step-status").GetByTestId("payment-outcome"))
                .ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
            await ExpectBalanceAsync(Page, "70.00");

            // B sees the 30.00 arrive, binds a card and withdraws 20.00 to it.
            await ExpectBalanceAsync(bob, "30.00");
            await bob.OpenAsync("/cards");
            await bob.GetByTestId("card-number-input").FillAsync("6200 0000 0000 0005");
            await bob.GetByTestId("card-holder-input").FillAsync("李四");
            await bob.GetByTestId("card-bind").ClickAsync();
            await Assertions.Expect(bob.GetByTestId("card-item")).ToHaveCountAsync(1);
            await bob.OpenAsync("/withdraw");
            await Assertions.Expect(bob.GetByTestId("withdraw-card")).ToHaveCountAsync(1);
            await bob.GetByTestId("withdraw-amount").FillAsync("20.00");
            await bob.GetByTestId("withdraw-continue").ClickAsync();
            await Journeys.SetPinAsync(bob, "withdraw-pin-setup");
            await bob.GetByTestId("withdraw-pin").FillAsync(Journeys.Pin);
            await bob.GetByTestId("withdraw-submit").ClickAsync();
            await Assertions.Expect(bob.GetByTestId("withdraw-step-status").GetByTestId("payment-outcome"))
                .ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
            await ExpectBalanceAsync(bob, "10.00");

            // Both histories, in both languages.
            foreach (var (language, completed) in new[] { ("English", "Completed"), ("中文", "已完成") })
            {
                await ExpectHistoryAsync(Page, language, completed, ["+", "100.00"], ["-", "30.00"]);
                await ExpectHistoryAsync(bob, language, completed, ["+", "30.00"], ["-", "20.00"]);
            }

            // A's receipt of the transfer, from its detail; B's copy carries the same number.
            await Page.OpenAsync("/payments");
            await Page.GetByTestId("payment-row").Nth(0).GetByRole(AriaRole.Link).ClickAsync();
            await Page.ArrivedAtAsync(PaymentDetail());
            await Page.GetByTestId("payment-receipt-link").ClickAsync();
            await Page.ArrivedAtAsync(Receipt());
            await Assertions.Expect(Page.GetByTestId("receipt-amount")).ToContainTextAsync("30.00");
            await Assertions.Expect(Page.GetByTestId("receipt-payee")).ToContainTextAsync("@example.com");
            await Assertions.Expect(Page.GetByTestId("receipt-number")).ToHaveTextAsync(ReceiptNumber());
            var number = await Page.GetByTestId("receipt-number").TextContentAsync();
            // On paper only the receipt: no app header, no buttons.
            await Page.EmulateMediaAsync(new() { Media = Media.Print });
            await Assertions.Expect(Page.Locator("header.shell-header")).ToBeHiddenAsync();
            await Assertions.Expect(Page.GetByTestId("receipt-print")).ToBeHiddenAsync();
            await Assertions.Expect(Page.GetByTestId("receipt")).ToBeVisibleAsync();
            await Page.EmulateMediaAsync(new() { Media = Media.Screen });
            await bob.OpenAsync(new Uri(Page.Url).AbsolutePath);
            await Assertions.Expect(bob.GetByTestId("receipt-number")).ToHaveTextAsync(number!);
        }
        finally
        {
            await bobContext.CloseAsync();
        }
    }

    internal static async Task ExpectBalanceAsync(IPage page, string amount)
    {
        await page.OpenAsync("/wallet");
        await Assertions.Expect(page.GetByTestId("balance-available")).ToContainTextAsync(amount, new() { Timeout = 30_000 });
    }

    /// <summary>The payments page lists the two payments, newest first, completed, with signed amounts in the language chosen.</summary>
    private static async Task ExpectHistoryAsync(IPage page, string language, string completed, string[] older, string[] newer)
    {
        await page.OpenAsync("/payments");
        await page.GetByTestId("lang-switch").GetByRole(AriaRole.Button, new() { Name = language }).ClickAsync();
        var rows = page.GetByTestId("payment-row");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0).GetByTestId("payment-status")).ToHaveTextAsync(completed);
        await Assertions.Expect(rows.Nth(1).GetByTestId("payment-status")).ToHaveTextAsync(completed);
        await Assertions.Expect(rows.Nth(0).GetByTestId("payment-amount")).ToContainTextAsync(newer[1]);
        await Assertions.Expect(rows.Nth(0).GetByTestId("payment-amount")).ToContainTextAsync(newer[0] == "-" ? new Regex("[-−]") : new Regex(@"\+|^[^-−]*$"));
        await Assertions.Expect(rows.Nth(1).GetByTestId("payment-amount")).ToContainTextAsync(older[1]);
    }

    [GeneratedRegex("/payments/[0-9a-f-]{36}$")]
    private static partial Regex PaymentDetail();

    [GeneratedRegex("/payments/[0-9a-f-]{36}/receipt$")]
    private static partial Regex Receipt();

    [GeneratedRegex(@"^JR-\d{8}-[0-9A-F]{12}$")]
    private static partial Regex ReceiptNumber();
}
