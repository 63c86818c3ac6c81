using Jade.Ledger.Domain.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jade.Ledger.Accounts;

/// <summary>A row of <c>ledger.accounts</c>. Balances change only through the write path's set-based updates.</summary>
public sealed class AccountRow
{
    public Guid Id { get; set; }
    public string Currency { get; set; } = "";
    public int Code { get; set; }
    public Guid? OwnerId { get; set; }
    public int Flags { get; set; }
    public long DebitsPending { get; set; }
    public long DebitsPosted { get; set; }
    public long CreditsPending { get; set; }
    public long CreditsPosted { get; set; }
    public string? Metadata { get; set; }
    public long Timestamp { get; set; }

    public Account ToDomain() => new()
    {
        Id = Id,
        Currency = Currency,
        Code = (ushort)Code,
        OwnerId = OwnerId,
        Flags = (AccountFlags)Flags,
        DebitsPending = DebitsPending,
        DebitsPosted = DebitsPosted,
        CreditsPending = CreditsPending,
        CreditsPosted = CreditsPosted,
        Metadata = Metadata,
        Timestamp = Timestamp,
    };
}

internal sealed class AccountRowConfiguration : IEntityTypeConfiguration<AccountRow>
{
    public void Configure(EntityTypeBuilder<AccountRow> builder)
    {
        builder.ToTable("accounts", t =>
        {
            t.HasCheckConstraint("ck_accounts_debits_pending", "debits_pending >= 0");
            t.HasCheckConstraint("ck_accounts_debits_posted", "debits_posted >= 0");
            t.HasCheckConstraint("ck_accounts_credits_pending", "credits_pending >= 0");
            t.HasCheckConstraint("ck_accounts_credits_posted", "credits_posted >= 0");
        });
        builder.HasKey(a => a.Id);
        // Balances change on every transfer and no index covers them: free room on each page lets PostgreSQL update the
        // row in place (HOT) instead of adding an entry to every index of the table.
        builder.HasStorageParameter("fillfactor", 70);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Currency).HasColumnType("char(3)").IsRequired();
        builder.Property(a => a.Metadata).HasColumnType("jsonb");
        builder.HasIndex(a => a.OwnerId);
        builder.HasIndex(a => a.Timestamp);
    }
}
