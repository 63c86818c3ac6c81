using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Payments.Limits;
using Jade.Payments.Tests.Transfers;

namespace Jade.Payments.Tests.Limits;

/// <summary>What the send and withdraw pages show of a customer's limits, against what the payments they made used.</summary>
public sealed class LimitViewTests : PaymentsServiceFixture
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private async Task<(Guid Payer, HttpClient Client, Guid Payee)> PartiesAsync()
    {
        var payer = await App.RegisterAsync("payer");
        var client = App.Customer(payer);
        await client.SetPinAsync();
        return (payer, client, await App.RegisterAsync("payee"));
    }

    private static async Task<PaymentLimitsView> LimitsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<PaymentLimitsView>("/api/payments/limits", JsonSerializerOptions.Web))!;

    private static DateTimeOffset NextBeijingMidnight(DateTimeOffset now) =>
        new DateTimeOffset(now.ToOffset(Beijing).Date.AddDays(1), Beijing).ToUniversalTime();

    [Test]
    public async Task A_customer_payments_has_not_heard_of_sees_the_first_level_untouched()
    {
        var before = DateTimeOffset.UtcNow;
        var limits = await LimitsAsync(App.Customer(Guid.CreateVersion7()));
        var after = DateTimeOffset.UtcNow;

        Assert.Multiple(() =>
        {
            Assert.That((limits.KycLevel, limits.Currency), Is.EqualTo((1, "CNY")));
            Assert.That((limits.PerTransactionMinor, limits.PerDayMinor), Is.EqualTo((500_000L, 1_000_000L)));
            Assert.That((limits.UsedTodayMinor, limits.RemainingTodayMinor), Is.EqualTo((0L, 1_000_000L)));
            Assert.That(limits.NextLevel, Is.EqualTo(new LevelLimitsView(2, 5_000_000, 10_000_000)));
            Assert.That(limits.ResetsAt, Is.AnyOf(NextBeijingMidnight(before), NextBeijingMidnight(after)));
        });
    }

    [Test]
    public async Task What_is_used_today_counts_payments_in_flight_and_not_failed_ones_older_ones_or_other_customers()
    {
        var (payer, client, payee) = await PartiesAsync();
        var (_, otherClient, _) = await PartiesAsync();
        var inFlight = await client.SendAcceptedAsync(payee, "4000.00");
        var failed = await client.SendAcceptedAsync(payee, "1000.00");
        var yesterday = await client.SendAcceptedAsync(payee, "2000.00");
        await otherClient.SendAcceptedAsync(payee, "3000.00");
        await App.ColumnAsync($"UPDATE payments.payment_orders SET status = 'failed', deadline = NULL WHERE id = '{failed.Id}' RETURNING id");
        await App.ColumnAsync($"UPDATE payments.payment_orders SET created_at = created_at - interval '1 day' WHERE id = '{yesterday.Id}' RETURNING id");

        var limits = await LimitsAsync(client);
        await client.SendAcceptedAsync(payee, "5000.00");
        var afterwards = await LimitsAsync(client);
        var overWhatIsLeft = await client.SendAsync(payee, "1000.01");
        var allThatIsLeft = await client.SendAsync(payee, "1000.00");

        Assert.Multiple(() =>
        {
            Assert.That(inFlight.Status, Is.EqualTo("accepted"));
            Assert.That((limits.UsedTodayMinor, limits.RemainingTodayMinor), Is.EqualTo((400_000L, 600_000L)));
            Assert.That(afterwards.RemainingTodayMinor, Is.EqualTo(100_000L));
            Assert.That(overWhatIsLeft.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "the check at payment time agrees with the view");
            Assert.That(allThatIsLeft.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        });
    }

    [Test]
    public async Task Verified_customers_see_their_level_and_the_highest_level_has_no_next()
    {
        var (payer, client, _) = await PartiesAsync();

        await App.ColumnAsync($"UPDATE payments.customers SET kyc_level = 2 WHERE id = '{payer}' RETURNING id");
        var verified = await LimitsAsync(client);
        await App.ColumnAsync($"UPDATE payments.customers SET kyc_level = 3 WHERE id = '{payer}' RETURNING id");
        var enhanced = await LimitsAsync(client);

        Assert.Multiple(() =>
        {
            Assert.That((verified.KycLevel, verified.PerTransactionMinor, verified.PerDayMinor), Is.EqualTo((2, 5_000_000L, 10_000_000L)));
            Assert.That(verified.NextLevel, Is.EqualTo(new LevelLimitsView(3, 20_000_000, 50_000_000)));
            Assert.That((enhanced.KycLevel, enhanced.PerDayMinor, enhanced.RemainingTodayMinor), Is.EqualTo((3, 50_000_000L, 50_000_000L)));
            Assert.That(enhanced.NextLevel, Is.Null);
        });
    }

    [Test]
    public async Task What_is_left_never_goes_below_zero_when_the_level_drops_after_spending()
    {
        var (payer, client, payee) = await PartiesAsync();
        await App.ColumnAsync($"UPDATE payments.customers SET kyc_level = 2 WHERE id = '{payer}' RETURNING id");
        await client.SendAcceptedAsync(payee, "20000.00");
        await App.ColumnAsync($"UPDATE payments.customers SET kyc_level = 1 WHERE id = '{payer}' RETURNING id");

        var limits = await LimitsAsync(client);

        Assert.That((limits.UsedTodayMinor, limits.RemainingTodayMinor), Is.EqualTo((2_000_000L, 0L)));
    }

    [Test]
    public async Task Limits_need_a_signed_in_customer()
    {
        Assert.That((await App.CreateClient().GetAsync("/api/payments/limits")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
