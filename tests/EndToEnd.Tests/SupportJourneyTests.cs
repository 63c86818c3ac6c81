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

    private static List<(string Email, string Password, string[] Roles)> Agents()
    {
        var agents = Stack.Staff.Where(s => s.Roles.Contains("support_agent")).ToList();
        Assert.That(agents, Has.Count.GreaterThanOrEqualTo(2), "the seed has two support agents");
        return agents;
    }

    /// <summary>A new customer with a verified identity and an authenticator, still signed in on <paramref name="page"/>.</summary>
    private static async Task<string> VerifiedWithAuthenticatorAsync(IPage page, string name, string nationalId, string birthDate)
    {
        var email = await Journeys.RegisterAsync(page);
        await Journeys.SubmitKycAsync(page, name, nationalId, birthDate);
        await Assertions.Expect(page.GetByTestId("kyc-level")).ToContainTextAsync("2", new() { Timeout = 30_000 });
        await page.OpenAsync("/security");
        await page.GetByTestId("totp-setup").ClickAsync();
        var secret = (await page.GetByTestId("totp-secret").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).Trim();
        await page.GetByTestId("totp-code").FillAsync(new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp());
        await page.GetByTestId("totp-enable").ClickAsync();
        await Assertions.Expect(page.GetByTestId("recovery-codes")).ToBeVisibleAsync();
        return email;
    }

    /// <summary>The agent signed in on <paramref name="page"/> asks for a reset for <paramref name="email"/>, stating the right ID number.</summary>
    private static async Task AskForResetAsync(IPage page, string email, string nationalId)
    {
        await page.GetByTestId("nav-support").ClickAsync();
        await page.GetByTestId("support-email").FillAsync(email);
        await page.GetByTestId("support-search").ClickAsync();
        await page.GetByTestId("support-national-id").FillAsync(nationalId);
        await page.GetByTestId("support-comment").FillAsync("Ticket E2E-2: caller says they lost the phone");
        await page.GetByTestId("support-reset-submit").ClickAsync();
        await page.GetByTestId("support-reset-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("support-pending-reset")).ToBeVisibleAsync();
    }

    [Test]
    public async Task One_agent_asks_another_approves_and_the_customer_signs_in_with_the_password()
    {
        var email = await VerifiedWithAuthenticatorAsync(Page, "陈静怡", NationalId, "1988-04-15");
        await Page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("sign-in")).ToBeVisibleAsync();

        var agents = Agents();
        await Journeys.SignInStaffAsync(Page, agents[0].Email, agents[0].Password);
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
        await Journeys.SignInStaffAsync(Page, agents[1].Email, agents[1].Password);
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

    [Test]
    public async Task A_customer_still_signed_in_stops_a_reset_they_did_not_ask_for()
    {
        const string nationalId = "440305199206113029";
        var email = await VerifiedWithAuthenticatorAsync(Page, "林晓峰", nationalId, "1992-06-11");

        var agentContext = await Stack.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Stack.Gateway.ToString() });
        agentContext.SetDefaultTimeout(30_000);
        var agent = await agentContext.NewPageAsync();
        try
        {
            var agents = Agents();
            await Journeys.SignInStaffAsync(agent, agents[0].Email, agents[0].Password);
            await AskForResetAsync(agent, email, nationalId);

            // The customer, signed in all along, sees the request on the security page and stops it.
            await Page.OpenAsync("/security");
            await Assertions.Expect(Page.GetByTestId("support-reset-pending")).ToBeVisibleAsync();
            await Page.GetByTestId("support-reset-cancel").ClickAsync();
            await Page.GetByTestId("support-reset-confirm").ClickAsync();
            await Assertions.Expect(Page.GetByTestId("support-reset-pending")).ToHaveCountAsync(0);
            await Assertions.Expect(Page.GetByTestId("totp-setup")).ToHaveCountAsync(0);

            // The agent's queue no longer offers it, and the customer keeps two-step verification.
            await agent.ReloadAsync();
            await agent.GetByTestId("nav-support").ClickAsync();
            await Assertions.Expect(agent.GetByTestId("support-queue-row").Filter(new() { HasText = email })).ToHaveCountAsync(0);
            await agent.GetByTestId("support-email").FillAsync(email);
            await agent.GetByTestId("support-search").ClickAsync();
            await Assertions.Expect(agent.GetByTestId("support-pending-reset")).ToHaveCountAsync(0);
            await Assertions.Expect(agent.GetByTestId("support-reset-form")).ToBeVisibleAsync();
        }
        finally
        {
            await agentContext.CloseAsync();
        }
    }
}
