using Jade.Payments.Cards;
using Jade.Persistence.Idempotency;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments;

public sealed class PaymentsDb(DbContextOptions<PaymentsDb> options, IDataProtectionProvider dataProtection) : DbContext(options)
{
    public const string Schema = "payments";

    public DbSet<BankCardRow> BankCards => Set<BankCardRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        BankCardRow.Configure(modelBuilder, dataProtection);
        modelBuilder.AddIdempotencyKeys();
    }
}
