using Jade.Payments.Customers;
using Jade.Payments.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using Jade.ServiceDefaults;

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

    public const int HighestLevel = 3;

    public LevelLimits For(int kycLevel) => kycLevel switch { >= HighestLevel => Level3, 2 => Level2, _ => Level1 };

    public LevelLimitsView ViewOf(int kycLevel)
    {
        var limits = For(kycLevel);
        return new(kycLevel, limits.PerTransactionMinor, limits.PerDayMinor);
    }
}

public sealed record LimitBreach(string Which, long LimitMinor, long UsedMinor, int KycLevel);

public sealed record LevelLimitsView(int KycLevel, long PerTransactionMinor, long PerDayMinor);

/// <summary>
/// A customer's limits today. <see cref="RemainingTodayMinor"/> never goes below zero; <see cref="ResetsAt"/> is the next
/// Beijing midnight; <see cref="NextLevel"/> is what verifying further would allow, null at the highest level.
/// </summary>
public sealed record PaymentLimitsView(
    int KycLevel, string Currency, long PerTransactionMinor, long PerDayMinor, long UsedTodayMinor, long RemainingTodayMinor,
    DateTimeOffset ResetsAt, LevelLimitsView? NextLevel);

/// <summary>
/// Checks an outgoing amount against the customer's limits. Runs inside the transaction that creates the order, with
/// the customer's row locked, so concurrent payments from one customer are counted one after the other and cannot
/// together pass a daily limit each would pass alone. The day is the business day in Beijing time (UTC+8).
/// </summary>
public sealed class PaymentLimits(PaymentsDb db, IOptions<LimitOptions> options, TimeProvider time)
{
    private static readonly string[] IncomingKinds = [PaymentKinds.TopUp, PaymentKinds.PartnerCredit];

    public async Task<LimitBreach?> CheckAsync(Guid customerId, long amountMinor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var dayStart = BusinessDay.StartOf(now);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("Limits are checked inside the transaction that creates the order.");
        var locked = await ReadLevelAndTodayAsync(transaction.Connection!, transaction, customerId, dayStart, ct);
        if (locked is null)
        {
            // Payments has not heard of this customer yet (the registration event is still on its way): level 1 until it does.
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO payments.customers (id, kyc_level, updated_at) VALUES ({customerId}, {CustomerRow.DefaultKycLevel}, {now}) ON CONFLICT DO NOTHING", ct);
            locked = await ReadLevelAndTodayAsync(transaction.Connection!, transaction, customerId, dayStart, ct)
                ?? throw new InvalidOperationException($"Customer {customerId} vanished after it was inserted.");
        }
        var (level, used) = locked.Value;
        var limits = options.Value.For(level);
        if (amountMinor > limits.PerTransactionMinor) return new("per_transaction", limits.PerTransactionMinor, 0, level);
        return used + amountMinor > limits.PerDayMinor ? new("per_day", limits.PerDayMinor, used, level) : null;
    }

    /// <summary>
    /// The customer's limits and how much of today's they have used, as the send and withdraw pages show them. A
    /// snapshot without locks: the check that counts is the one in <see cref="CheckAsync"/>.
    /// </summary>
    public async Task<PaymentLimitsView> TodayAsync(Guid customerId, CancellationToken ct)
    {
        var dayStart = BusinessDay.StartOf(time.GetUtcNow());
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var (level, used) = await ReadLevelAndTodayAsync(connection, null, customerId, dayStart, ct) ?? (CustomerRow.DefaultKycLevel, 0);
            var limits = options.Value.For(level);
            LevelLimitsView? next = level < LimitOptions.HighestLevel ? options.Value.ViewOf(level + 1) : null;
            return new(level, PaymentRequests.Currency, limits.PerTransactionMinor, limits.PerDayMinor, used,
                Math.Max(0, limits.PerDayMinor - used), dayStart.AddDays(1), next);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Reads the customer's level and sums what left the wallet today, in one round trip. Inside a transaction it locks
    /// the customer's row first: the statements of a batch run one after the other, so the sum's snapshot is taken once
    /// the lock is held and sees every order committed by the payment that held it before, and the lock is held for
    /// that much shorter.
    /// </summary>
    /// <returns>Null when payments has no row for the customer (nothing is locked then).</returns>
    private static async Task<(int Level, long Used)?> ReadLevelAndTodayAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        Guid customerId, DateTimeOffset dayStart, CancellationToken ct)
    {
        var readLevel = transaction is null
            ? "SELECT kyc_level FROM payments.customers WHERE id = $1"
            : "SELECT kyc_level FROM payments.customers WHERE id = $1 FOR UPDATE";
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new(readLevel) { Parameters = { new() { Value = customerId } } },
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
