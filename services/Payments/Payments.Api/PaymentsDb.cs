using Jade.Messaging;
using Jade.Payments.Cards;
using Jade.Payments.Channels;
using Jade.Payments.Customers;
using Jade.Payments.Orders;
using Jade.Payments.Pins;
using Jade.Payments.Reconciliation;
using Jade.Persistence;
using Jade.Persistence.Idempotency;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments;

public sealed class PaymentsDb(DbContextOptions<PaymentsDb> options, IDataProtectionProvider dataProtection) : DbContext(options)
{
    public const string Schema = "payments";

    public DbSet<BankCardRow> BankCards => Set<BankCardRow>();
    public DbSet<CustomerRow> Customers => Set<CustomerRow>();
    public DbSet<PaymentPinRow> PaymentPins => Set<PaymentPinRow>();
    public DbSet<StepUpUseRow> StepUpUses => Set<StepUpUseRow>();
    public DbSet<PaymentOrderRow> PaymentOrders => Set<PaymentOrderRow>();
    public DbSet<ChannelNotificationRow> ChannelNotifications => Set<ChannelNotificationRow>();
    public DbSet<SuspenseItemRow> SuspenseItems => Set<SuspenseItemRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        BankCardRow.Configure(modelBuilder, dataProtection);
        CustomerRow.Configure(modelBuilder);
        PaymentPinRow.Configure(modelBuilder);
        StepUpUseRow.Configure(modelBuilder);
        PaymentOrderRow.Configure(modelBuilder, dataProtection);
        ChannelNotificationRow.Configure(modelBuilder);
        SuspenseItemRow.Configure(modelBuilder);
        modelBuilder.AddAuditTrail();
        modelBuilder.AddIdempotencyKeys();
        modelBuilder.AddOutboxAndInbox();
    }
}
