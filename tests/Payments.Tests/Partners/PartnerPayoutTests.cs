using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Contracts.Ledger;
using Jade.Payments.Channels;
using Jade.Payments.Orders;
using Jade.Payments.Tests.Channels;
using Jade.Payments.Tests.Transfers;
using Jade.Testing;

namespace Jade.Payments.Tests.Partners;

/// <summary>
/// Partner banks paying out to a beneficiary's card through <c>/partner/v1/payments</c>: screened, held on partner
/// settlement, paid out by the (scripted) payout rail, posted on its confirmation or released on its failure.
/// </summary>
public sealed partial class PartnerPayoutTests : MoneyStackFixture
{
    private const string Card = "6200000000000005";

    [SetUp]
    public void Script() => Stack.Channels.Reset();

    private HttpClient Partner(string client = "partner-bank-1") => Stack.Payments.ClientWith(Stack.Payments.Token(client, "payments", "payments.partner"));

    private static object Payout(string amount = "300.00", string name = "李娜", string card = Card, string? endToEndId = null) => new
    {
        endToEndId = endToEndId ?? $"PO-{Guid.NewGuid():N}"[..30], type = "payout", amount, currency = "CNY",
        creditor = new { name, cardNumber = card }, remittanceInformation = "Remittance from abroad",
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<Guid> AcceptedAsync(HttpClient partner, object body)
    {
        var response = await partner.PostWithKeyAsync("/partner/v1/payments", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await JsonAsync(response)).GetProperty("paymentId").GetGuid();
    }

    /// <summary>Waits until the order is final, then asks the partner API once.</summary>
    private async Task<JsonElement> StatusAsync(HttpClient partner, Guid id, string status)
    {
        await Stack.OrderFinalAsync(id);
        var report = await partner.GetFromJsonAsync<JsonElement>($"/partner/v1/payments/{id}");
        Assert.That(report.GetProperty("status").GetString(), Is.EqualTo(status));
        return report;
    }

    private Task<string?> OrderStatusAsync(Guid id) => Stack.TextAsync($"SELECT status FROM payments.payment_orders WHERE id = '{id}'");

    private Task NotifyAsync(Guid id, long amount, string type, string? failure = null) =>
        ScriptedChannels.NotifyAsync(Stack.Payments.CreateClient(), "payouts", ScriptedChannels.Notification(type, $"po_{id}", id, amount, failure));

    [Test]
    public async Task A_payout_is_held_on_partner_settlement_paid_to_the_card_and_posted_when_the_rail_confirms()
    {
        var partnerBefore = await Stack.AccountAsync(LedgerAccounts.House(LedgerAccounts.PartnerBankSettlement));
        var railBefore = await Stack.AccountAsync(LedgerAccounts.House(LedgerAccounts.BankTransferSettlement));
        using var partner = Partner();

        var id = await AcceptedAsync(partner, Payout("300.00"));
        await Eventually.WaitForAsync(() => OrderStatusAsync(id), s => s == PaymentStatuses.AwaitingPayout, TimeSpan.FromSeconds(30));
        var inFlight = await partner.GetFromJsonAsync<JsonElement>($"/partner/v1/payments/{id}");
        var heldMeanwhile = await Stack.AccountAsync(LedgerAccounts.House(LedgerAccounts.PartnerBankSettlement));
        var request = Stack.Channels.PayoutRail.LogEntries.Single(e => e.RequestMessage.Method == "POST").RequestMessage;
        await NotifyAsync(id, 30_000, "payout.succeeded");
        var settled = await StatusAsync(partner, id, "ACSC");

        Assert.Multiple(async () =>
        {
            Assert.That(inFlight.GetProperty("status").GetString(), Is.EqualTo("ACSP"));
            Assert.That(inFlight.GetProperty("type").GetString(), Is.EqualTo("payout"));
            Assert.That(inFlight.GetProperty("creditorMaskedCard").GetString(), Does.StartWith("6200 00").And.EndWith("0005"));
            Assert.That(heldMeanwhile.Held, Is.EqualTo(partnerBefore.Held + 30_000));
            var sent = JsonDocument.Parse(request.Body!).RootElement;
            Assert.That((sent.GetProperty("cardNumber").GetString(), sent.GetProperty("holderName").GetString()), Is.EqualTo((Card, "李娜")));
            Assert.That(settled.GetProperty("settledAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            var partnerAfter = await Stack.AccountAsync(LedgerAccounts.House(LedgerAccounts.PartnerBankSettlement));
            Assert.That((partnerAfter.Available, partnerAfter.Held), Is.EqualTo((partnerBefore.Available - 30_000, partnerBefore.Held)));
            Assert.That((await Stack.AccountAsync(LedgerAccounts.House(LedgerAccounts.BankTransferSettlement))).Available,
                Is.EqualTo(railBefore.Available + 30_000));
        });
    }

    [Test]
    public async Task A_payout_the_rail_fails_is_rejected_with_AC04_and_the_hold_released()
    {
        var partnerBefore = await Stack.AccountAsync(LedgerAccounts.House(LedgerAccounts.PartnerBankSettlement));
        using var partner = Partner();

        var id = await AcceptedAsync(partner, Payout("40.00"));
        await Eventually.WaitForAsync(() => OrderStatusAsync(id), s => s == PaymentStatuses.AwaitingPayout, TimeSpan.FromSeconds(30));
        await NotifyAsync(id, 4_000, "payout.failed", "account_closed");
        var rejected = await StatusAsync(partner, id, "RJCT");

        Assert.Multiple(async () =>
        {
            Assert.That(rejected.GetProperty("reasonCode").GetString(), Is.EqualTo("AC04"));
            Assert.That(await Stack.AccountAsync(LedgerAccounts.House(LedgerAccounts.PartnerBankSettlement)), Is.EqualTo(partnerBefore));
        });
    }

    [Test]
    public async Task A_sanctioned_beneficiary_is_never_paid_and_an_officers_decline_rejects_with_RR04()
    {
        using var partner = Partner();

        var id = await AcceptedAsync(partner, Payout("10.00", name: "Manuel Antonio Noriega"));
        await Eventually.WaitForAsync(() => OrderStatusAsync(id), s => s == PaymentStatuses.InReview, TimeSpan.FromSeconds(30));
        var caseId = await Eventually.WaitForAsync(
            () => Stack.TextAsync($"SELECT id FROM risk.cases WHERE subject_id = '{id}'"), c => c is not null, TimeSpan.FromSeconds(10));
        using var officer = Stack.Officer();
        await officer.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision = "decline", comment = "SDN match confirmed." });
        var rejected = await StatusAsync(partner, id, "RJCT");

        Assert.Multiple(() =>
        {
            Assert.That(rejected.GetProperty("reasonCode").GetString(), Is.EqualTo("RR04"));
            Assert.That(Stack.Channels.PayoutRail.LogEntries, Is.Empty, "nothing was paid out");
        });
    }

    [TestCase("creditor.cardNumber", "6200000000000006", "李娜")]
    [TestCase("creditor.cardNumber", "12ab", "李娜")]
    [TestCase("creditor.name", Card, "")]
    [TestCase("creditor.name", Card, null)]
    public async Task A_bad_beneficiary_names_the_field_and_writes_nothing(string field, string card, string? name)
    {
        using var partner = Partner();
        var before = await Stack.ScalarAsync("SELECT count(*) FROM payments.payment_orders");

        var response = await partner.PostWithKeyAsync("/partner/v1/payments", new
        {
            endToEndId = "PO-bad", type = "payout", amount = "1.00", currency = "CNY", creditor = new { name, cardNumber = card },
        });

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _), Is.True);
            Assert.That(await Stack.ScalarAsync("SELECT count(*) FROM payments.payment_orders"), Is.EqualTo(before));
            Assert.That(await Stack.ScalarAsync("SELECT count(*) FROM payments.bank_cards WHERE label = 'PO-bad'"), Is.Zero);
        });
    }

    [Test]
    public async Task A_payout_over_the_limit_is_rejected_with_AM02_and_writes_nothing()
    {
        using var partner = Partner();
        var before = await Stack.ScalarAsync("SELECT count(*) FROM payments.payment_orders");

        var response = await partner.PostWithKeyAsync("/partner/v1/payments", Payout("50000.01"));
        var problem = await JsonAsync(response);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(problem.GetProperty("reasonCode").GetString(), Is.EqualTo("AM02"));
            Assert.That(await Stack.ScalarAsync("SELECT count(*) FROM payments.payment_orders"), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Another_partner_cannot_see_a_payout_and_no_customer_history_shows_it()
    {
        using var partner = Partner();
        var id = await AcceptedAsync(partner, Payout("5.00"));
        using var other = Partner("partner-bank-2");
        var customer = await Stack.RegisterAsync($"bystander.{Guid.NewGuid():N}@example.com");
        using var customerClient = Stack.Payments.Customer(customer);

        Assert.Multiple(async () =>
        {
            Assert.That((await other.GetAsync($"/partner/v1/payments/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await customerClient.GetAsync($"/api/payments/orders/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
        await NotifyAsync(id, 500, "payout.failed", "test_cleanup");
        await StatusAsync(partner, id, "RJCT");
    }
}
