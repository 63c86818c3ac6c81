using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Pins;

public enum PinCheck { Correct, NotSet, Locked, Wrong }

public sealed record PinCheckResult(PinCheck Outcome, int RemainingAttempts);

/// <summary>
/// Checks a PIN and keeps the failure count. A wrong try is counted with one atomic UPDATE, so concurrent guesses can
/// never slip past the lockout between a read and a write; the count commits even though the payment it guarded is
/// refused.
/// </summary>
public sealed class PinGuard(PaymentsDb db, PinHasher hasher, TimeProvider time)
{
    public async Task<PinCheckResult> CheckAsync(Guid customerId, string pin, CancellationToken ct)
    {
        var row = await db.PaymentPins.AsNoTracking().SingleOrDefaultAsync(p => p.CustomerId == customerId, ct);
        if (row is null) return new(PinCheck.NotSet, PinRules.MaxFailedAttempts);
        if (row.LockedAt is not null) return new(PinCheck.Locked, 0);
        if (hasher.Verify(pin, row.Hash))
        {
            if (row.FailedAttempts > 0)
            {
                await db.PaymentPins.Where(p => p.CustomerId == customerId && p.LockedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.FailedAttempts, 0), ct);
            }
            return new(PinCheck.Correct, PinRules.MaxFailedAttempts);
        }
        var now = time.GetUtcNow();
        var failed = await db.Database.SqlQuery<int>($"""
            UPDATE payments.payment_pins
               SET failed_attempts = failed_attempts + 1,
                   locked_at = CASE WHEN failed_attempts + 1 >= {PinRules.MaxFailedAttempts} THEN {now} ELSE locked_at END,
                   updated_at = {now}
             WHERE customer_id = {customerId} AND locked_at IS NULL
            RETURNING failed_attempts AS "Value"
            """).ToListAsync(ct);
        if (failed.Count == 0) return new(PinCheck.Locked, 0);
        var remaining = PinRules.MaxFailedAttempts - failed[0];
        return remaining <= 0 ? new(PinCheck.Locked, 0) : new(PinCheck.Wrong, remaining);
    }
}
