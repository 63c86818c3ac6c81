using Jade.Payments.Orders;
using Jade.Persistence;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Partners;

/// <summary>
/// What one partner may send: at most so much per credit and per payout, and so much per business day (Beijing) across
/// both. A credit reaches the customer's wallet before the partner settles with Jade, so the daily limit is the most
/// Jade can be owed by one partner for a day's payments — also the damage a leaked partner credential can do.
/// </summary>
public sealed record PartnerLimitSettings(long PerCreditMinor, long PerPayoutMinor, long PerDayMinor)
{
    public static PartnerLimitSettings From(IConfiguration configuration) => new(
        configuration.GetValue("Payments:PartnerCreditLimitMinor", 5_000_000L),
        configuration.GetValue("Payments:PartnerPayoutLimitMinor", 5_000_000L),
        configuration.GetValue("Payments:PartnerDailyLimitMinor", 100_000_000L));

    public long PerPayment(string type) => type == PartnerPayments.Payout ? PerPayoutMinor : PerCreditMinor;
}

/// <summary>A partner's limits and what it has used of today's, as decimal text in major units.</summary>
public sealed record PartnerLimitsView(
    string Currency, string PerCredit, string PerPayout, string PerDay, string UsedToday, string RemainingToday, DateTimeOffset ResetsAt);

public static class PartnerLimits
{
    /// <summary>
    /// Serialises one partner's payment instructions until the transaction ends, so two at once cannot both fit under
    /// the daily limit that only one of them fits under. Other partners are not held up.
    /// </summary>
    internal static async Task LockAsync(PaymentsDb db, string client, CancellationToken ct)
        => await db.Database.LockUntilCommitAsync($"payments.partner/{client}", ct);

    /// <summary>Today's payments of the partner that still count: everything but what failed or was cancelled (its money was released).</summary>
    internal static Task<long> UsedTodayAsync(PaymentsDb db, string client, DateTimeOffset now, CancellationToken ct)
    {
        var since = BusinessDay.StartOf(now);
        return db.PaymentOrders.Where(o => o.PartnerClientId == client && o.CreatedAt >= since && o.Status != PaymentStatuses.Failed)
            .SumAsync(o => o.AmountMinor, ct);
    }

    internal static async Task<Ok<PartnerLimitsView>> ViewAsync(PaymentsDb db, IConfiguration configuration, TimeProvider time, HttpContext http,
        CancellationToken ct)
    {
        var settings = PartnerLimitSettings.From(configuration);
        var now = time.GetUtcNow();
        var used = await UsedTodayAsync(db, http.User.Subject()!, now, ct);
        return TypedResults.Ok(new PartnerLimitsView(PaymentRequests.Currency, PaymentRequests.FormatAmount(settings.PerCreditMinor),
            PaymentRequests.FormatAmount(settings.PerPayoutMinor), PaymentRequests.FormatAmount(settings.PerDayMinor),
            PaymentRequests.FormatAmount(used), PaymentRequests.FormatAmount(Math.Max(0, settings.PerDayMinor - used)),
            BusinessDay.StartOf(now).AddDays(1)));
    }
}
