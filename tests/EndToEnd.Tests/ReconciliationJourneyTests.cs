using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Jade.EndToEnd.Tests;

/// <summary>
/// A payments operator works a reconciliation difference in the SPA, through the gateway and the BFF: the item is in
/// the open queue, resolving it asks for a note, and the resolution lands in the payments schema with its audit record.
/// </summary>
public sealed class ReconciliationJourneyTests : BrowserTest
{
    [Test]
    public async Task An_operator_resolves_a_difference_with_a_note_and_the_resolution_is_audited()
    {
        var id = Guid.CreateVersion7();
        await ExecuteAsync($"""
            INSERT INTO payments.suspense_items (id, statement_date, channel, object_id, reference, reason, channel_amount, detail, found_at)
            VALUES ('{id}', '2026-11-26', 'acquirer', 'ch_e2e_{id:N}', '{Guid.CreateVersion7()}', 'unknown_reference', 4200,
                    'The acquirer settled 42.00 CNY for a reference no order of this channel has.', now())
            """);
        var operatorStaff = Stack.Staff.First(s => s.Roles.Contains("payments_operator"));

        await Journeys.SignInStaffAsync(Page, operatorStaff.Email, operatorStaff.Password);
        await Page.GetByTestId("nav-suspense").ClickAsync();
        var row = Page.Locator($"[data-item-id='{id}']");
        await Assertions.Expect(row).ToContainTextAsync("42.00");
        await row.GetByTestId("suspense-resolve").ClickAsync();
        await Page.GetByTestId("suspense-submit").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("suspense-note-error")).ToBeVisibleAsync();
        await Page.GetByTestId("suspense-note").FillAsync("Test charge by the acquirer; refunded by them on 2026-11-27.");
        await Page.GetByTestId("suspense-submit").ClickAsync();

        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Page.GetByTestId("suspense-filter-status").Locator("label").Nth(2).ClickAsync();
        await Assertions.Expect(row.GetByTestId("suspense-resolution")).ToHaveTextAsync("Test charge by the acquirer; refunded by them on 2026-11-27.");
        await Assertions.Expect(row).ToContainTextAsync(new Regex(Regex.Escape(operatorStaff.Email)));
        Assert.That(await ScalarAsync($"SELECT count(*) FROM payments.audit_log WHERE entity = 'suspense_item' AND entity_id = '{id}' AND actor_name = '{operatorStaff.Email}'"),
            Is.EqualTo(1));
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = Stack.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string sql)
    {
        await using var connection = Stack.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
