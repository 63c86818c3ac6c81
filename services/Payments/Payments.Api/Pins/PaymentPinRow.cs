using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Pins;

/// <summary>A customer's payment PIN: a salted PBKDF2 hash, itself encrypted with the service's data-protection keys.</summary>
public sealed class PaymentPinRow
{
    public Guid CustomerId { get; init; }
    public required string Hash { get; set; }
    public int FailedAttempts { get; set; }
    public DateTimeOffset? LockedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static void Configure(ModelBuilder model) => model.Entity<PaymentPinRow>(e =>
    {
        e.ToTable("payment_pins");
        e.HasKey(p => p.CustomerId);
        e.Property(p => p.CustomerId).ValueGeneratedNever();
        e.Property(p => p.Hash).HasMaxLength(1000);
    });
}
