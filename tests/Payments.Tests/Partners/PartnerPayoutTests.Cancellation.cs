using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Contracts.Ledger;
using Jade.Payments.Orders;
using Jade.Payments.Tests.Channels;
using Jade.Payments.Tests.Transfers;
using Jade.Testing;

namespace Jade.Payments.Tests.Partners;

/// <summary>
/// A partner recalling a payout (camt.056-like) while it waits for a risk officer: the hold on partner settlement is
/// released, the partner sees <c>CANC</c> with its own reason, and the officer's case is withdrawn. Anything later is
/// refused with camt.029's <c>RJCR</c>.
/// </summary>
public sealed partial class PartnerPayoutTests
{
    private static string NewClient() => $"partner-{Guid.NewGuid():N}"[..24];

    private static Task<HttpResponseMessage> CancelAsync(HttpClient partner, Guid id, string? reason = "DUPL") =>
        partner.PostAsJsonAsync($"/partner/v1/payments/{id}/cancellation", new { reason });

    /// <summary>A payout to a listed name, which screening sends to review.</summary>
    private async Task<Guid> PayoutInReviewAsync(HttpClient partner, string amount)
    {
        var id = await AcceptedAsync(partner, Payout(amount, name: "Manuel Antonio Noriega"));
        await Eventually.WaitForAsync(() => OrderStatusAsync(id), s => s == PaymentStatuses.InReview, TimeSpan.FromSeconds(30));
        return id;
    }

    [Test]
    public async Task A_payout_in_review_is_cancelled_with_the_partners_reason_and_its_hold_released()
    {
        var partnerBefore = await Stack.AccountAsync(LedgerAccounts.House(LedgerAccounts.PartnerBankSettlement));
        using var partner = Partner(NewClient());
        var id = await PayoutInReviewAsync(partner, "12.00");
        var heldInReview = await Stack.AccountAsync(LedgerAccounts.House(LedgerAccounts.PartnerBankSettlement));

        var response = await CancelAsync(partner, id, "DUPL");
        var answer = await JsonAsync(response);
        await Stack.OrderFinalAsync(id);
        var report = await partner.GetFromJsonAsync<JsonElement>($"/partner/v1/payments/{id}");
        var caseStatus = await Eventually.WaitForAsync(() => Stack.TextAsync($"SELECT status FROM risk.cases WHERE subject_id = '{id}'"),
            s => s == "withdrawn", TimeSpan.FromSeconds(15));
        var outcome = (await Stack.OutcomesAsync(id)).Single();
        var audit = await Stack.TextAsync($"SELECT concat_ws('|', action, after) FROM payments.audit_log WHERE entity_id = '{id}'");

        Assert.Multiple(async () =>
        {
            Assert.That(audit, Does.StartWith("partner_payment.cancel|").And.Contain("\"cancellationReason\":\"DUPL\""), "a recall is audited");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((answer.GetProperty("status").GetString(), answer.GetProperty("reasonCode").GetString()), Is.EqualTo(("CANC", "DUPL")));
            Assert.That(heldInReview.Held, Is.EqualTo(partnerBefore.Held + 1_200), "the payout was held while in review");
            Assert.That((report.GetProperty("status").GetString(), report.GetProperty("reasonCode").GetString()), Is.EqualTo(("CANC", "DUPL")));
            Assert.That(await Stack.AccountAsync(LedgerAccounts.House(LedgerAccounts.PartnerBankSettlement)), Is.EqualTo(partnerBefore));
            Assert.That(caseStatus, Is.EqualTo("withdrawn"), "no officer is left deciding a recalled payout");
            Assert.That(outcome.Type, Is.EqualTo("PaymentFailed"));
            Assert.That((outcome.Payload.GetProperty("isoStatus").GetString(), outcome.Payload.GetProperty("isoReasonCode").GetString()),
                Is.EqualTo(("CANC", "DUPL")), "the partner's webhook reports the cancellation, not a rejection");
            Assert.That(Stack.Channels.PayoutRail.LogEntries, Is.Empty, "nothing was paid out");
        });

        var again = await CancelAsync(partner, id, "CUST");
        var refused = await JsonAsync(again);
        Assert.Multiple(async () =>
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(refused.GetProperty("cancellationStatus").GetString(), Is.EqualTo("RJCR"));
            Assert.That(refused.GetProperty("paymentStatus").GetString(), Is.EqualTo("CANC"));
            Assert.That(await Stack.TextAsync($"SELECT cancellation_reason FROM payments.payment_orders WHERE id = '{id}'"), Is.EqualTo("DUPL"),
                "a second request changes nothing");
        });
    }

    [Test]
    public async Task A_settled_payment_cannot_be_recalled()
    {
        var email = $"credited.{Guid.NewGuid():N}@example.com";
        await Stack.RegisterAsync(email);
        using var partner = Partner(NewClient());
        var accepted = await partner.PostWithKeyAsync("/partner/v1/payments", new
        {
            endToEndId = $"CR-{Guid.NewGuid():N}"[..30], type = "credit", amount = "5.00", currency = "CNY", creditor = new { email },
        });
        var id = (await JsonAsync(accepted)).GetProperty("paymentId").GetGuid();
        await Stack.OrderFinalAsync(id);

        var response = await CancelAsync(partner, id);
        var problem = await JsonAsync(response);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(problem.GetProperty("cancellationStatus").GetString(), Is.EqualTo("RJCR"));
            Assert.That(problem.GetProperty("paymentStatus").GetString(), Is.EqualTo("ACSC"));
            Assert.That(await OrderStatusAsync(id), Is.EqualTo(PaymentStatuses.Completed));
            Assert.That(await Stack.TextAsync($"SELECT cancellation_reason FROM payments.payment_orders WHERE id = '{id}'"), Is.Null.Or.Empty);
        });
    }

    [Test]
    public async Task Only_the_partner_that_sent_a_payout_may_recall_it_and_a_bad_reason_changes_nothing()
    {
        var client = NewClient();
        using var partner = Partner(client);
        var id = await PayoutInReviewAsync(partner, "3.00");
        using var other = Partner(NewClient());
        var customer = await Stack.RegisterAsync($"bystander.{Guid.NewGuid():N}@example.com");
        using var customerClient = Stack.Payments.Customer(customer);

        var byOther = await CancelAsync(other, id);
        var byCustomer = await CancelAsync(customerClient, id);
        var unknown = await CancelAsync(partner, Guid.CreateVersion7());
        var noReason = await CancelAsync(partner, id, null);
        var badReason = await CancelAsync(partner, id, "OOPS");
        var emptyBody = await partner.PostAsync($"/partner/v1/payments/{id}/cancellation", JsonContent.Create(new { }));

        Assert.Multiple(async () =>
        {
            Assert.That(byOther.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(byCustomer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            foreach (var bad in new[] { noReason, badReason, emptyBody })
            {
                Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
                Assert.That((await JsonAsync(bad)).GetProperty("errors").TryGetProperty("reason", out _), Is.True);
            }
            Assert.That(await OrderStatusAsync(id), Is.EqualTo(PaymentStatuses.InReview), "still waiting for the officer");
        });

        await Stack.DecideCaseAsync(id, "decline");
        await Stack.OrderFinalAsync(id);
    }
}
