using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Customers;

/// <summary>
/// What payments knows about a customer, kept from identity's events: the e-mail a payer looks a payee up by and the
/// KYC level that sets the customer's limits. Identity stays the owner; this is a read model.
/// </summary>
public sealed class CustomerRow
{
    public const int DefaultKycLevel = 1;

    public Guid Id { get; init; }

    /// <summary>Lower-cased, trimmed; null until the registration event arrives (a KYC event may come first).</summary>
    public string? Email { get; set; }

    public int KycLevel { get; set; } = DefaultKycLevel;
    public DateTimeOffset UpdatedAt { get; set; }

    public static void Configure(ModelBuilder model) => model.Entity<CustomerRow>(e =>
    {
        e.ToTable("customers");
        e.HasKey(c => c.Id);
        e.Property(c => c.Id).ValueGeneratedNever();
        e.Property(c => c.Email).HasMaxLength(256);
        e.HasIndex(c => c.Email).IsUnique();
    });

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
