using Jade.Ledger.Accounts;
using Jade.Ledger.Transfers;
using Jade.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Jade.Ledger;

public sealed class LedgerDb(DbContextOptions<LedgerDb> options) : DbContext(options)
{
    public const string Schema = "ledger";

    public DbSet<AccountRow> Accounts => Set<AccountRow>();
    public DbSet<TransferRow> Transfers => Set<TransferRow>();
    public DbSet<PendingStatusRow> PendingStatuses => Set<PendingStatusRow>();
    public DbSet<FailedTransferRow> FailedTransfers => Set<FailedTransferRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfiguration(new AccountRowConfiguration());
        modelBuilder.ApplyConfiguration(new TransferRowConfiguration());
        modelBuilder.ApplyConfiguration(new PendingStatusRowConfiguration());
        modelBuilder.ApplyConfiguration(new FailedTransferRowConfiguration());
        modelBuilder.AddOutboxAndInbox();
    }
}
