using Jade.Payments.Customers;
using Jade.Payments.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

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
    private static readonly string[] IncomingKinds = [PaymentKinds.TopUp, PaymentKinds.PartnerCredit];

    public async Task<LimitBreach?> CheckAsync(Guid customerId, long amountMinor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var local = now.ToOffset(BusinessOffset);
        var dayStart = new DateTimeOffset(local.Date, BusinessOffset).ToUniversalTime();
        var locked = await LockAndSumTodayAsync(customerId, dayStart, ct);
        if (locked is null)
        {
            // Payments has not heard of this customer yet (the registration event is still on its way): level 1 until it does.
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO payments.customers (id, kyc_level, updated_at) VALUES ({customerId}, {CustomerRow.DefaultKycLevel}, {now}) ON CONFLICT DO NOTHING", ct);
            locked = await LockAndSumTodayAsync(customerId, dayStart, ct)
                ?? throw new InvalidOperationException($"Customer {customerId} vanished after it was inserted.");
        }
        var (level, used) = locked.Value;
        var limits = options.Value.For(level);
        if (amountMinor > limits.PerTransactionMinor) return new("per_transaction", limits.PerTransactionMinor, 0, level);
        return used + amountMinor > limits.PerDayMinor ? new("per_day", limits.PerDayMinor, used, level) : null;
    }

    /// <summary>
    /// Locks the customer's row and sums what left the wallet today, in one round trip: the statements of a batch run one
    /// after the other, so the sum's snapshot is taken once the lock is held and sees every order committed by the
    /// payment that held it before. The transaction stays open for that much shorter, and so does the lock.
    /// </summary>
    /// <returns>Null when payments has no row for the customer (nothing is locked then).</returns>
    private async Task<(int Level, long Used)?> LockAndSumTodayAsync(Guid customerId, DateTimeOffset dayStart, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("Limits are checked inside the transaction that creates the order.");
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction)
        {
            BatchCommands =
            {
                new("SELECT kyc_level FROM payments.customers WHERE id = $1 FOR UPDATE") { Parameters = { new() { Value = customerId } } },
                new("""
                    SELECT COALESCE(sum(amount_minor), 0)::bigint FROM payments.payment_orders
                     WHERE customer_id = $1 AND created_at >= $2 AND kind <> ALL($3) AND status <> $4
                    """)
                {
                    Parameters =
                    {
                        new() { Value = customerId }, new() { Value = dayStart }, new() { Value = IncomingKinds }, new() { Value = PaymentStatuses.Failed },
                    },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        int? level = await reader.ReadAsync(ct) ? reader.GetInt32(0) : null;
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var used = reader.GetInt64(0);
        return level is { } known ? (known, used) : null;
    }
}
