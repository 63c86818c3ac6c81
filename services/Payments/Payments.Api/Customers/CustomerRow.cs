using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Customers;

/// <summary>
/// What payments knows about a customer, kept from identity's events: the e-mail a payer looks a payee up by and the
/// KYC level that sets the customer's limits, and a phone number only as a keyed hash plus its masked form. Identity stays the owner; this is a read model.
/// </summary>
public sealed class CustomerRow
{
    public const int DefaultKycLevel = 1;

    public Guid Id { get; init; }

    /// <summary>Lower-cased, trimmed; null until the registration event arrives (a KYC event may come first).</summary>
    public string? Email { get; set; }

    /// <summary>Keyed hash of the canonical registered phone number (<see cref="PhoneDirectoryIndex"/>); null when none.</summary>
    public string? PhoneIndex { get; set; }

    /// <summary>The number as a payer may see it when confirming the payee, e.g. "+86 138****8000".</summary>
    public string? MaskedPhone { get; set; }

    public int KycLevel { get; set; } = DefaultKycLevel;
    public DateTimeOffset UpdatedAt { get; set; }

    public static void Configure(ModelBuilder model) => model.Entity<CustomerRow>(e =>
    {
        e.ToTable("customers");
        e.HasKey(c => c.Id);
        e.Property(c => c.Id).ValueGeneratedNever();
        e.Property(c => c.Email).HasMaxLength(256);
        e.HasIndex(c => c.Email).IsUnique();
        e.Property(c => c.PhoneIndex).HasMaxLength(64);
        e.Property(c => c.MaskedPhone).HasMaxLength(32);
        // Not unique: identity does not forbid two accounts registering one number; a lookup then asks for the e-mail.
        e.HasIndex(c => c.PhoneIndex);
    });

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
