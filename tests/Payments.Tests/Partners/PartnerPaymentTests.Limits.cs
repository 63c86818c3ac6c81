using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Testing;

namespace Jade.Payments.Tests.Partners;

/// <summary>
/// A partner's limits: per payment, and per business day across its credits and payouts (100,000.00 in these tests),
/// which no burst of concurrent instructions gets past.
/// </summary>
public sealed partial class PartnerPaymentTests
{
    private static async Task<JsonElement> LimitsAsync(HttpClient partner) =>
        await partner.GetFromJsonAsync<JsonElement>("/partner/v1/payments/limits");

    [Test]
    public async Task A_credit_above_the_per_payment_limit_is_rejected_with_AM02_and_writes_nothing()
    {
        var (_, email) = await CustomerAsync();
        using var partner = Partner(NewClient());

        var response = await InitiateAsync(partner, Credit(email, "50000.01"));
        var problem = await JsonAsync(response);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That((problem.GetProperty("paymentStatus").GetString(), problem.GetProperty("reasonCode").GetString()), Is.EqualTo(("RJCT", "AM02")));
            Assert.That(Ids(await ListAsync(partner, "")), Is.Empty);
        });
    }

    [Test]
    public async Task A_partners_day_stops_at_its_daily_limit_and_its_limits_say_what_is_left()
    {
        var (customer, email) = await CustomerAsync();
        using var partner = Partner(NewClient());
        var fresh = await LimitsAsync(partner);

        await CreditAsync(partner, email, "40000.00");
        await CreditAsync(partner, email, "40000.00");
        var over = await InitiateAsync(partner, Credit(email, "20000.01"));
        var problem = await JsonAsync(over);
        var used = await LimitsAsync(partner);
        var exactFit = await InitiateAsync(partner, Credit(email, "20000.00"));

        Assert.Multiple(async () =>
        {
            Assert.That((fresh.GetProperty("perDay").GetString(), fresh.GetProperty("usedToday").GetString(), fresh.GetProperty("remainingToday").GetString()),
                Is.EqualTo(("100000.00", "0.00", "100000.00")), "another partner's payments do not count");
            Assert.That((fresh.GetProperty("perCredit").GetString(), fresh.GetProperty("perPayout").GetString()), Is.EqualTo(("50000.00", "50000.00")));
            Assert.That(fresh.GetProperty("resetsAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8)).TimeOfDay, Is.EqualTo(TimeSpan.Zero),
                "the day ends at midnight Beijing time");
            Assert.That(over.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That((problem.GetProperty("reasonCode").GetString(), problem.GetProperty("usedToday").GetString(), problem.GetProperty("dailyLimit").GetString()),
                Is.EqualTo(("AM14", "80000.00", "100000.00")));
            Assert.That((used.GetProperty("usedToday").GetString(), used.GetProperty("remainingToday").GetString()), Is.EqualTo(("80000.00", "20000.00")));
            Assert.That(exactFit.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the limit itself may be reached");
            Assert.That(await Stack.ScalarAsync($"SELECT count(*) FROM payments.payment_orders WHERE customer_id = '{customer}'"), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Concurrent_instructions_never_take_a_partner_past_its_daily_limit()
    {
        var (customer, email) = await CustomerAsync();
        using var partner = Partner(NewClient());

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => InitiateAsync(partner, Credit(email, "30000.00"))));
        foreach (var accepted in answers.Where(a => a.StatusCode == HttpStatusCode.Accepted))
        {
            await Stack.OrderFinalAsync((await JsonAsync(accepted)).GetProperty("paymentId").GetGuid());
        }

        Assert.Multiple(async () =>
        {
            Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Accepted), Is.EqualTo(3));
            Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.UnprocessableEntity), Is.EqualTo(2));
            Assert.That(await Stack.WalletAsync(customer), Is.EqualTo((9_000_000L, 0L)), "three credits of 30,000.00 arrived, no more");
        });
    }
}
