using Microsoft.Playwright;

namespace Jade.EndToEnd.Tests;

/// <summary>
/// A payment the risk rules hold for an officer can be stopped by the payer while it waits: A sends 3,500.00 to B, whom
/// A never paid, the payment waits for review, A cancels it from its page and the money set aside comes back.
/// </summary>
public sealed class ReviewCancelJourneyTests : BrowserTest
{
    [Test]
    public async Task The_payer_cancels_a_payment_waiting_for_review_and_the_money_comes_back()
    {
        var bobContext = await Stack.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Stack.Gateway.ToString() });
        var bob = await bobContext.NewPageAsync();
        string bobEmail;
        try
        {
            bobEmail = await Journeys.RegisterAsync(bob);
        }
        finally
        {
            await bobContext.CloseAsync();
        }
        await Journeys.RegisterAsync(Page);
        await Assertions.Expect(Page.GetByTestId("wallet-balance")).ToContainTextAsync("0.00", new() { Timeout = 45_000 });
        await FundWalletAsync(400_000);
        await MoneyJourneyTests.ExpectBalanceAsync(Page, "4,000.00");

        await Page.OpenAsync("/pay");
        await Page.GetByTestId("pay-email").FillAsync(bobEmail);
        await Page.GetByTestId("pay-find").ClickAsync();
        await Page.GetByTestId("pay-confirm-payee").ClickAsync();
        await Page.GetByTestId("pay-amount").FillAsync("3500.00");
        await Page.GetByTestId("pay-continue").ClickAsync();
        await Journeys.SetPinAsync(Page, "pay-pin-setup");
        await Page.GetByTestId("pay-pin").FillAsync(Journeys.Pin);
        await Page.GetByTestId("pay-submit").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("pay-step-status").GetByTestId("payment-outcome"))
            .ToHaveAttributeAsync("data-status", "in_review", new() { Timeout = 60_000 });

        await Page.GetByTestId("pay-view-details").ClickAsync();
        await Page.GetByTestId("payment-cancel-open").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("payment-cancel-text")).ToContainTextAsync("3,500.00");
        await Page.GetByTestId("payment-cancel-confirm").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("payment-failure")).ToContainTextAsync("审核期间取消", new() { Timeout = 60_000 });
        await Assertions.Expect(Page.GetByTestId("payment-cancel")).ToHaveCountAsync(0);
        await MoneyJourneyTests.ExpectBalanceAsync(Page, "4,000.00");
    }

    /// <summary>Credits the signed-in customer's wallet from a settlement account, as a partner bank's money would arrive.</summary>
    private async Task FundWalletAsync(long amountMinor)
    {
        var walletId = await Page.EvaluateAsync<string>("fetch('/api/ledger/me/accounts').then(r => r.json()).then(a => a[0].id)");
        using var ledger = await Journeys.LedgerOperationsClientAsync();
        var settlement = Guid.NewGuid();
        await Journeys.LedgerPostAsync(ledger, "accounts", new { accounts = new[] { new { id = settlement, currency = "CNY", code = 202 } } });
        await Journeys.LedgerPostAsync(ledger, "transfers", new
        {
            transfers = new object[] { new { id = Guid.NewGuid(), debitAccountId = settlement, creditAccountId = walletId, amount = amountMinor, currency = "CNY", code = 1 } },
        });
    }
}
