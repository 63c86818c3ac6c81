using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Jade.EndToEnd.Tests;

/// <summary>
/// Passkeys in Chromium, with its virtual authenticator standing in for a phone or laptop's fingerprint reader (the
/// DevTools WebAuthn domain: a platform authenticator that keeps discoverable credentials and verifies the user).
/// </summary>
public sealed class PasskeyJourneyTests : BrowserTest
{
    [Test]
    public async Task Add_a_passkey_reset_the_payment_PIN_with_it_and_sign_in_with_it_alone()
    {
        await AddVirtualAuthenticatorAsync(Page);
        await Journeys.RegisterAsync(Page);

        await Page.OpenAsync("/security");
        var card = Page.GetByTestId("passkeys-card");
        await Assertions.Expect(card.GetByTestId("passkeys-empty")).ToBeVisibleAsync();
        await card.GetByTestId("passkey-add").ClickAsync();
        await card.GetByTestId("passkey-name-input").FillAsync("E2E laptop");
        // Adding a way to sign in asks for the password again: the session alone is not enough.
        await card.GetByTestId("passkey-add-password").FillAsync(Journeys.Password);
        await card.GetByTestId("passkey-save").ClickAsync();
        await Assertions.Expect(card.GetByTestId("passkey-row")).ToHaveCountAsync(1);
        await Assertions.Expect(card.GetByTestId("passkey-row")).ToContainTextAsync("E2E laptop");

        // A PIN to forget, then the reset with the passkey instead of an authenticator app (this customer has none).
        var pin = Page.GetByTestId("pin-card");
        await pin.GetByTestId("pin-new").FillAsync(Journeys.Pin);
        await pin.GetByTestId("pin-confirm").FillAsync(Journeys.Pin);
        await pin.GetByTestId("pin-submit").ClickAsync();
        await pin.GetByTestId("pin-reset-open").ClickAsync();
        var reset = pin.GetByTestId("pin-reset");
        await reset.GetByTestId("pin-reset-new").FillAsync("246810");
        await reset.GetByTestId("pin-reset-confirm").FillAsync("246810");
        await reset.GetByTestId("pin-reset-use-passkey").ClickAsync();
        await Assertions.Expect(reset).ToBeHiddenAsync();
        await Assertions.Expect(pin.GetByTestId("pin-remaining")).ToBeVisibleAsync();

        await Page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("sign-in")).ToBeVisibleAsync();
        await Page.GetByTestId("sign-in").ClickAsync();
        await Page.Locator("#passkey-button").ClickAsync();
        await Page.ArrivedAtAsync(new Regex("/dashboard$"));
        await Assertions.Expect(Page.GetByTestId("nav-pay")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(Page.GetByTestId("notification").Filter(new() { HasText = "E2E laptop" }).First)
            .ToBeVisibleAsync(new() { Timeout = 45_000 });

        // The security page's activity list has the passkey's addition from the audit trail, and newest of all the
        // sign-in just made with it, naming the browser.
        await Page.OpenAsync("/security");
        var activity = Page.GetByTestId("security-activity-row");
        await Assertions.Expect(activity.Filter(new() { HasText = "E2E laptop" })).ToHaveCountAsync(1);
        await Assertions.Expect(activity.First).ToContainTextAsync(new Regex("Signed in with a passkey|使用通行密钥登录"));
        await Assertions.Expect(activity.First.GetByTestId("security-activity-device")).ToContainTextAsync("Chrome");
    }

    private async Task AddVirtualAuthenticatorAsync(IPage page)
    {
        var devTools = await Context.NewCDPSessionAsync(page);
        await devTools.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        await devTools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
    }
}
