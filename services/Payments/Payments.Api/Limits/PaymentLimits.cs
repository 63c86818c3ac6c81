using Jade.Payments.Customers;
using Jade.Payments.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jade.Payments.Limits;

public sealed class LevelLimits
{
    public long PerTransactionMinor { get; set; }
    public long PerDayMinor { get; set; }
}

/// <summary>Outgoing limits per KYC level (1 = registered, 2 = identity verified, 3 = enhanced), in CNY fen.</summary>
public sealed class LimitOptions
{
    public LevelLimits Level1 { get; set; } = new() { PerTransactionMinor = 500_000, PerDayMinor = 1_000_000 };
    public LevelLimits Level2 { get; set; } = new() { PerTransactionMinor = 5_000_000, PerDayMinor = 10_000_000 };
    public LevelLimits Level3 { get; set; } = new() { PerTransactionMinor = 20_000_000, PerDayMinor = 50_000_000 };

    public LevelLimits For(int kycLevel) => kycLevel switch { >= 3 => Level3, 2 => Level2, _ => Level1 };
}

public sealed record LimitBreach(string Which, long LimitMinor, long UsedMinor, int KycLevel);

/// <summary>
/// Checks an outgoing amount against the customer's limits. Runs inside the transaction that creates the order, with
/// the customer's row locked, so concurrent payments from one customer are counted one after the other and cannot
/// together pass a daily limit each would pass alone. The day is the business day in Beijing time (UTC+8).
/// </summary>
public sealed class PaymentLimits(PaymentsDb db, IOptions<LimitOptions> options, TimeProvider time)
{
    private static readonly TimeSpan BusinessOffset = TimeSpan.FromHours(8);

    public async Task<LimitBreach?> CheckAsync(Guid customerId, long amountMinor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO payments.customers (id, kyc_level, updated_at) VALUES ({customerId}, {CustomerRow.DefaultKycLevel}, {now}) ON CONFLICT DO NOTHING", ct);
        var level = (await db.Database
            .SqlQuery<int>($"SELECT kyc_level AS \"Value\" FROM payments.customers WHERE id = {customerId} FOR UPDATE")
            .ToListAsync(ct))[0];
        var limits = options.Value.For(level);
        if (amountMinor > limits.PerTransactionMinor) return new("per_transaction", limits.PerTransactionMinor, 0, level);

        var local = now.ToOffset(BusinessOffset);
        var dayStart = new DateTimeOffset(local.Date, BusinessOffset).ToUniversalTime();
        var used = await db.PaymentOrders
            .Where(o => o.CustomerId == customerId && o.Kind != PaymentKinds.TopUp && o.Kind != PaymentKinds.PartnerCredit && o.CreatedAt >= dayStart
                && o.Status != PaymentStatuses.Failed)
            .SumAsync(o => (long?)o.AmountMinor, ct) ?? 0;
        return used + amountMinor > limits.PerDayMinor ? new("per_day", limits.PerDayMinor, used, level) : null;
    }
}
