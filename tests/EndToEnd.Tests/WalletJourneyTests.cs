using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
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

        using var ledger = await OperationsClientAsync();
        var settlement = Guid.NewGuid();
        await PostAsync(ledger, "accounts", new { accounts = new[] { new { id = settlement, currency = "CNY", code = 202 } } });
        await PostAsync(ledger, "transfers", new
        {
            transfers = new object[]
            {
                new { id = Guid.NewGuid(), debitAccountId = settlement, creditAccountId = walletId, amount = 12_345, currency = "CNY", code = 1 },
                new { id = Guid.NewGuid(), debitAccountId = walletId, creditAccountId = settlement, amount = 2_000, currency = "CNY", code = 2, flags = new[] { "pending" } },
            },
        });

        await Page.GetByTestId("wallet-view-all").ClickAsync();
        await Page.WaitForURLAsync("**/wallet");
        await Assertions.Expect(Page.GetByTestId("balance-available")).ToContainTextAsync("103.45");
        await Assertions.Expect(Page.GetByTestId("balance-on-hold")).ToContainTextAsync("20.00");
        var amounts = Page.GetByTestId("transfer-table").GetByTestId("transfer-amount");
        await Assertions.Expect(amounts).ToHaveCountAsync(2);
        await Assertions.Expect(amounts.First).ToContainTextAsync("20.00");
        await Assertions.Expect(amounts.Last).ToContainTextAsync("123.45");
    }

    /// <summary>A client-credentials token for the ledger, as the payments service would hold, used against the ledger directly.</summary>
    private static async Task<HttpClient> OperationsClientAsync()
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

    private static async Task PostAsync(HttpClient ledger, string path, object body)
    {
        var response = await ledger.PostAsJsonAsync($"api/ledger/{path}", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, text);
        var statuses = JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString());
        Assert.That(statuses, Is.All.EqualTo("created"), text);
    }
}
