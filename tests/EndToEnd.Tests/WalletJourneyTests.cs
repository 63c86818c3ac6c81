using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Jade.EndToEnd.Tests;

/// <summary>Money a service moves through the ledger shows on the customer's wallet page, read through the gateway.</summary>
public sealed class WalletJourneyTests : BrowserTest
{
    [Test]
    public async Task A_top_up_and_a_hold_show_on_the_wallet_page_with_its_history()
    {
        await Journeys.RegisterAsync(Page);
        await Assertions.Expect(Page.GetByTestId("wallet-balance")).ToContainTextAsync("0.00", new() { Timeout = 45_000 });
        var walletId = await Page.EvaluateAsync<string>("fetch('/api/ledger/me/accounts').then(r => r.json()).then(a => a[0].id)");

        using var ledger = await Journeys.LedgerOperationsClientAsync();
        var settlement = Guid.NewGuid();
        await Journeys.LedgerPostAsync(ledger, "accounts", new { accounts = new[] { new { id = settlement, currency = "CNY", code = 202 } } });
        await Journeys.LedgerPostAsync(ledger, "transfers", new
        {
            transfers = new object[]
            {
                new { id = Guid.NewGuid(), debitAccountId = settlement, creditAccountId = walletId, amount = 12_345, currency = "CNY", code = 1 },
                new { id = Guid.NewGuid(), debitAccountId = walletId, creditAccountId = settlement, amount = 2_000, currency = "CNY", code = 2, flags = new[] { "pending" } },
            },
        });

        await Page.GetByTestId("wallet-view-all").ClickAsync();
        await Page.ArrivedAtAsync(new Regex("/wallet$"));
        await Assertions.Expect(Page.GetByTestId("balance-available")).ToContainTextAsync("103.45", new() { Timeout = 30_000 });
        await Assertions.Expect(Page.GetByTestId("balance-on-hold")).ToContainTextAsync("20.00");
        var amounts = Page.GetByTestId("transfer-table").GetByTestId("transfer-amount");
        await Assertions.Expect(amounts).ToHaveCountAsync(2);
        await Assertions.Expect(amounts.First).ToContainTextAsync("20.00");
        await Assertions.Expect(amounts.Last).ToContainTextAsync("123.45");
    }
}
