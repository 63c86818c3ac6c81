using Jade.Messaging;
using Jade.Notifications.Customers;
using Jade.Notifications.Deliveries;
using Jade.Notifications.Inbox;
using Jade.Notifications.Preferences;
using Jade.Notifications.Webhooks;
using Jade.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Jade.Notifications;

public sealed class NotificationsDb(DbContextOptions<NotificationsDb> options, IDataProtectionProvider dataProtection) : DbContext(options)
{
    public const string Schema = "notifications";

    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<CustomerRow> Customers => Set<CustomerRow>();
    public DbSet<PreferenceRow> Preferences => Set<PreferenceRow>();
    public DbSet<DeliveryRow> Deliveries => Set<DeliveryRow>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfiguration(new NotificationConfiguration());
        modelBuilder.ApplyConfiguration(new PreferenceConfiguration());
        CustomerRow.Configure(modelBuilder, dataProtection);
        DeliveryRow.Configure(modelBuilder, dataProtection);
        modelBuilder.ApplyConfiguration(new WebhookEndpointConfiguration());
        modelBuilder.ApplyConfiguration(new WebhookDeliveryConfiguration());
        modelBuilder.ApplyConfiguration(new WebhookAttemptConfiguration());
        modelBuilder.AddAuditTrail();
        modelBuilder.AddOutboxAndInbox();
    }
}

internal static class NotificationsDatabase
{
    public static IHostApplicationBuilder AddNotificationsDatabase(this IHostApplicationBuilder builder)
    {
        builder.AddPersonalDataProtection("jade-notifications", "Notifications:KeysPath");
        builder.AddServiceDatabase<NotificationsDb>(NotificationsDb.Schema);
        builder.Services.AddOutboxAndInbox<NotificationsDb>();
        return builder;
    }
}
