using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Payments.Tests.Transfers;
using Jade.Testing;

namespace Jade.Payments.Tests.Partners;

/// <summary>
/// A partner's list of its own payments (what it reconciles its books with): newest first, filtered by status, type,
/// time window and end-to-end id, walked page by page with a cursor that neither skips nor repeats a payment.
/// </summary>
public sealed partial class PartnerPaymentTests
{
    private static string NewClient() => $"partner-{Guid.NewGuid():N}"[..24];

    private static async Task<(Guid Id, string EndToEndId)> CreditAsync(HttpClient partner, string email, string amount)
    {
        var endToEndId = $"L-{Guid.NewGuid():N}"[..20];
        var response = await InitiateAsync(partner, Credit(email, amount, endToEndId));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return ((await JsonAsync(response)).GetProperty("paymentId").GetGuid(), endToEndId);
    }

    private static async Task<JsonElement> ListAsync(HttpClient partner, string query)
    {
        var response = await partner.GetAsync($"/partner/v1/payments{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await JsonAsync(response);
    }

    private static List<Guid> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("paymentId").GetGuid())];

    [Test]
    public async Task A_partner_lists_its_payments_newest_first_filters_them_and_pages_through_them_without_gaps()
    {
        var (_, email) = await CustomerAsync();
        using var partner = Partner(NewClient());
        var startedAt = DateTimeOffset.UtcNow.AddSeconds(-1);
        var credits = new List<(Guid Id, string EndToEndId)>();
        for (var i = 1; i <= 5; i++) credits.Add(await CreditAsync(partner, email, $"{i}.00"));
        foreach (var (id, _) in credits) await Stack.OrderFinalAsync(id);
        var unknownCreditor = await InitiateAsync(partner, Credit("nobody@example.com", "1.00"));

        var all = await ListAsync(partner, "");
        var pages = new List<List<Guid>>();
        string? cursor = null;
        do
        {
            var page = await ListAsync(partner, $"?limit=2{(cursor is null ? "" : $"&after={cursor}")}");
            pages.Add(Ids(page));
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetGuid().ToString();
        }
        while (cursor is not null);
        var settled = await ListAsync(partner, "?status=ACSC&type=credit");
        var inProcess = await ListAsync(partner, "?status=ACSP");
        var payouts = await ListAsync(partner, "?type=payout");
        var byReference = await ListAsync(partner, $"?endToEndId={credits[2].EndToEndId}");
        var window = await ListAsync(partner, $"?from={Uri.EscapeDataString(startedAt.ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}");
        var before = await ListAsync(partner, $"?to={Uri.EscapeDataString(startedAt.ToString("O"))}");
        var newest = Enumerable.Reverse(credits).Select(c => c.Id).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(unknownCreditor.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "a refused instruction is not a payment");
            Assert.That(Ids(all), Is.EqualTo(newest));
            Assert.That(all.GetProperty("next").ValueKind, Is.EqualTo(JsonValueKind.Null));
            var first = all.GetProperty("items")[0];
            Assert.That((first.GetProperty("status").GetString(), first.GetProperty("amount").GetString(), first.GetProperty("type").GetString()),
                Is.EqualTo(("ACSC", "5.00", "credit")));
            Assert.That(pages.Select(p => p.Count), Is.EqualTo(new[] { 2, 2, 1 }));
            Assert.That(pages.SelectMany(p => p), Is.EqualTo(newest), "the pages hold every payment once, in order");
            Assert.That(Ids(settled), Is.EqualTo(newest));
            Assert.That(Ids(inProcess), Is.Empty);
            Assert.That(Ids(payouts), Is.Empty);
            Assert.That(Ids(byReference), Is.EqualTo(new[] { credits[2].Id }));
            Assert.That(Ids(window), Is.EqualTo(newest));
            Assert.That(Ids(before), Is.Empty);
        });
    }

    [Test]
    public async Task A_partner_never_lists_another_partners_payments()
    {
        var (_, email) = await CustomerAsync();
        using var partner = Partner(NewClient());
        await CreditAsync(partner, email, "2.00");
        using var other = Partner(NewClient());
        var customer = await Stack.RegisterAsync($"bystander.{Guid.NewGuid():N}@example.com");
        using var customerClient = Stack.Payments.Customer(customer);

        Assert.Multiple(async () =>
        {
            Assert.That(Ids(await ListAsync(other, "")), Is.Empty);
            Assert.That(Ids(await ListAsync(partner, "")), Has.Count.EqualTo(1));
            Assert.That((await customerClient.GetAsync("/partner/v1/payments")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [TestCase("status", "?status=DONE")]
    [TestCase("type", "?type=refund")]
    [TestCase("from", "?from=2026-11-28")]
    [TestCase("from", "?from=2026-11-28T00:00:00")]
    [TestCase("to", "?to=yesterday")]
    [TestCase("to", "?from=2026-11-28T00:00:00Z&to=2026-11-27T00:00:00Z")]
    [TestCase("limit", "?limit=0")]
    [TestCase("limit", "?limit=201")]
    [TestCase("endToEndId", "?endToEndId=123456789012345678901234567890123456")]
    [TestCase("endToEndId", "?endToEndId=E2E%00")]
    [TestCase("after", "?after=page-2")]
    public async Task A_bad_filter_names_the_field(string field, string query)
    {
        using var partner = Partner(NewClient());

        var response = await partner.GetAsync($"/partner/v1/payments{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _), Is.True);
    }
}
