using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;

namespace Jade.EndToEnd.Tests;

/// <summary>
/// A verified customer who lost the authenticator app and the recovery codes calls support: the agent finds them by
/// e-mail, states the ID number the caller gave, and asks for a reset of two-step verification; a second agent approves
/// it from the queue; the customer signs in with the password alone, is told of the reset, and sees it in the security
/// activity.
/// </summary>
public sealed class SupportJourneyTests : BrowserTest
{
    private const string NationalId = "320102198804152018";

    [Test]
    public async Task One_agent_asks_another_approves_and_the_customer_signs_in_with_the_password()
    {
        var email = await Journeys.RegisterAsync(Page);
        await Journeys.SubmitKycAsync(Page, "陈静怡", NationalId, "1988-04-15");
        await Assertions.Expect(Page.GetByTestId("kyc-level")).ToContainTextAsync("2", new() { Timeout = 30_000 });
        await Page.OpenAsync("/security");
        await Page.GetByTestId("totp-setup").ClickAsync();
        var secret = (await Page.GetByTestId("totp-secret").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).Trim();
        await Page.GetByTestId("totp-code").FillAsync(new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp());
        await Page.GetByTestId("totp-enable").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("recovery-codes")).ToBeVisibleAsync();
        await Page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("sign-in")).ToBeVisibleAsync();

        var agents = Stack.Staff.Where(s => s.Roles.Contains("support_agent")).ToList();
        Assert.That(agents, Has.Count.GreaterThanOrEqualTo(2), "the seed has two support agents");
        await Journeys.SignInAsync(Page, agents[0].Email, agents[0].Password);
        await Page.GetByTestId("nav-support").ClickAsync();
        await Page.GetByTestId("support-email").FillAsync(email);
        await Page.GetByTestId("support-search").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("support-customer-name")).ToHaveTextAsync("陈*怡");
        await Page.GetByTestId("support-national-id").FillAsync("110101199003071233");
        await Page.GetByTestId("support-comment").FillAsync("Ticket E2E-1: caller lost the phone and the recovery codes");
        await Page.GetByTestId("support-reset-submit").ClickAsync();
        await Page.GetByTestId("support-reset-confirm").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("support-national-id-error")).ToBeVisibleAsync();
        await Page.GetByTestId("support-national-id").FillAsync(NationalId);
        await Page.GetByTestId("support-reset-submit").ClickAsync();
        await Page.GetByTestId("support-reset-confirm").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("support-reset-form")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.GetByTestId("support-pending-reset")).ToBeVisibleAsync();
        var ownRow = Page.GetByTestId("support-queue-row").Filter(new() { HasText = email });
        await Assertions.Expect(ownRow.GetByTestId("support-approve")).ToBeDisabledAsync();
        await Assertions.Expect(ownRow.GetByTestId("support-own-request")).ToBeVisibleAsync();
        await Page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("sign-in")).ToBeVisibleAsync();

        // The second pair of eyes: another agent approves from the queue.
        await Journeys.SignInAsync(Page, agents[1].Email, agents[1].Password);
        await Page.GetByTestId("nav-support").ClickAsync();
        var row = Page.GetByTestId("support-queue-row").Filter(new() { HasText = email });
        await row.GetByTestId("support-approve").ClickAsync();
        await Page.GetByTestId("support-decision-comment").FillAsync("Listened to the call recording");
        await Page.GetByTestId("support-decision-confirm").ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Page.GetByTestId("support-email").FillAsync(email);
        await Page.GetByTestId("support-search").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("support-two-factor-note")).ToBeVisibleAsync();
        await Page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("sign-in")).ToBeVisibleAsync();

        // No code is asked any more: the password lands on the dashboard.
        await Journeys.SignInAsync(Page, email, Journeys.Password);
        await Assertions.Expect(Page.GetByTestId("notification").First).ToContainTextAsync("两步验证已由客服关闭", new() { Timeout = 45_000 });
        await Page.OpenAsync("/security");
        await Assertions.Expect(Page.GetByText(new Regex("客服已重置两步验证"))).ToBeVisibleAsync();
    }
}
