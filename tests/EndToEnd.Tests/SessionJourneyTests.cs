using System.Text.Json;
using System.Text.RegularExpressions;
using Jade.Testing;
using Microsoft.Playwright;

namespace Jade.EndToEnd.Tests;

/// <summary>
/// A customer signed in on two browsers signs out of the other one from the security page. The other browser is
/// signed out at once (identity's back-channel logout drops its gateway session and closes its live notifications
/// socket), not when its access token expires.
/// </summary>
public sealed class SessionJourneyTests : BrowserTest
{
    [Test]
    public async Task Signing_out_of_other_devices_ends_the_other_browser_at_once_and_keeps_this_one()
    {
        var email = await Journeys.RegisterAsync(Page);
        await using var otherBrowser = await Stack.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Stack.Gateway.ToString() });
        otherBrowser.SetDefaultTimeout(30_000);
        var otherPage = await otherBrowser.NewPageAsync();
        var otherSockets = new List<IWebSocket>();
        otherPage.WebSocket += (_, socket) => { lock (otherSockets) { otherSockets.Add(socket); } };
        await Journeys.SignInAsync(otherPage, email, Journeys.Password);
        Assert.That(await IsSignedInAsync(otherBrowser), Is.True);
        await Eventually.WaitForAsync(() => Task.FromResult(HubSockets(otherSockets).Any(s => !s.IsClosed)), open => open, TimeSpan.FromSeconds(20));
        Assert.That(HubSockets(otherSockets).Any(s => !s.IsClosed), Is.True, "the other browser listens for live notifications");

        await Page.OpenAsync("/security");
        await Page.GetByTestId("sessions-sign-out-others").ClickAsync();
        await Page.GetByTestId("sessions-password").FillAsync(Journeys.Password);
        await Page.GetByTestId("sessions-confirm").ClickAsync();
        // In the SPA's language, which follows the browser's (zh-CN here).
        await Assertions.Expect(Page.Locator(".el-message--success")).ToContainTextAsync(new Regex("Signed out of 1 other session|已退出其他 1 个登录"));

        // The logout travels through identity's outbox and the bus: seconds, not the access token's 15 minutes.
        await Eventually.WaitForAsync(() => IsSignedInAsync(otherBrowser), signedIn => !signedIn, TimeSpan.FromSeconds(20));
        Assert.That(await IsSignedInAsync(otherBrowser), Is.False, "the other browser's session is gone");
        await Eventually.WaitForAsync(() => Task.FromResult(HubSockets(otherSockets).All(s => s.IsClosed)), closed => closed, TimeSpan.FromSeconds(10));
        Assert.That(HubSockets(otherSockets).All(s => s.IsClosed), Is.True, "and its live notifications stop with it");
        // Without a reload: the dropped socket makes the page look once, and the 401 signs it out.
        await Assertions.Expect(otherPage.GetByTestId("sign-in")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await Page.ReloadAsync();
        await Assertions.Expect(Page.GetByTestId("sessions-card")).ToBeVisibleAsync();
        Assert.That(await IsSignedInAsync(Context), Is.True, "this browser stays signed in");
    }

    private static List<IWebSocket> HubSockets(List<IWebSocket> sockets)
    {
        lock (sockets)
        {
            return [.. sockets.Where(s => s.Url.Contains("/api/notifications/hub", StringComparison.Ordinal))];
        }
    }

    /// <summary>What the SPA asks on every load: the gateway's answer for the browser's session cookie.</summary>
    private static async Task<bool> IsSignedInAsync(IBrowserContext browser)
    {
        var response = await browser.APIRequest.GetAsync("/bff/user");
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("isAuthenticated").GetBoolean();
    }
}
