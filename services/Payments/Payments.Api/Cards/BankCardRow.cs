using Jade.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Cards;

/// <summary>
/// A card a customer bound for withdrawals. The full number and the holder's name are encrypted at rest; the issuer
/// prefix, the last four digits and the length are kept in clear to show the card masked without decrypting it.
/// Removing a card keeps the row (payouts made to it still name it) and hides it.
/// </summary>
public sealed class BankCardRow
{
    public Guid Id { get; init; }
    public Guid CustomerId { get; init; }
    public required string? Number { get; init; }
    public required string? HolderName { get; init; }
    public required string First6 { get; init; }
    public required string Last4 { get; init; }
    public int Length { get; init; }
    public string? Label { get; init; }
    public DateTimeOffset BoundAt { get; init; }
    public DateTimeOffset? RemovedAt { get; set; }

    public string Masked => CardNumber.Mask(First6, Last4, Length);

    public static void Configure(ModelBuilder model, IDataProtectionProvider dataProtection)
    {
        model.Entity<BankCardRow>(e =>
        {
            e.ToTable("bank_cards");
            e.HasKey(c => c.Id);
            e.Property(c => c.Number).IsEncryptedPersonalData(dataProtection).IsRequired();
            e.Property(c => c.HolderName).IsEncryptedPersonalData(dataProtection).IsRequired();
            e.Property(c => c.First6).HasMaxLength(6);
            e.Property(c => c.Last4).HasMaxLength(4);
            e.Property(c => c.Label).HasMaxLength(BankCardRequests.MaxLabelLength);
            e.Ignore(c => c.Masked);
            e.HasIndex(c => new { c.CustomerId, c.BoundAt });
        });
    }
}
