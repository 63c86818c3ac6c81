using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Jade.EndToEnd.Tests;

/// <summary>Bank cards through the SPA, the gateway's BFF (scope <c>payments</c>) and the payments service.</summary>
public sealed class CardJourneyTests : BrowserTest
{
    [Test]
    public async Task A_customer_binds_a_card_sees_it_masked_and_removes_it()
    {
        await Journeys.RegisterAsync(Page);
        await Page.GetByTestId("nav-cards").ClickAsync();
        // A client-side route change: poll the address rather than wait for a page load that never comes.
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/cards$"));
        await Assertions.Expect(Page.GetByTestId("cards-empty")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await Page.GetByTestId("card-number-input").FillAsync("6200 0000 0000 0050");
        await Page.GetByTestId("card-holder-input").FillAsync("张三丰");
        await Page.GetByTestId("card-bind").ClickAsync();
        // A wrong check digit is refused in the browser (in whichever language the page chose) and binds nothing.
        await Assertions.Expect(Page.Locator(".el-form-item__error").First).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("card-item")).ToHaveCountAsync(0);

        await Page.GetByTestId("card-number-input").FillAsync("6200 0000 0000 0005");
        await Page.GetByTestId("card-label-input").FillAsync("工资卡");
        await Page.GetByTestId("card-bind").ClickAsync();
        var card = Page.GetByTestId("card-item");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.GetByTestId("card-number")).ToHaveTextAsync("6200 00** **** 0005");
        await Assertions.Expect(card.GetByTestId("card-holder")).ToHaveTextAsync("张**");
        await Assertions.Expect(card.GetByTestId("card-label")).ToHaveTextAsync("工资卡");

        await Page.ReloadAsync();
        await Assertions.Expect(Page.GetByTestId("card-item")).ToHaveCountAsync(1);
        await Page.GetByTestId("card-remove").ClickAsync();
        await Page.GetByTestId("card-remove-confirm").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("cards-empty")).ToBeVisibleAsync();
    }
}
