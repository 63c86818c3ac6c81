using Jade.Messaging;
using Jade.Notifications.Inbox;
using Jade.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Jade.Notifications;

public sealed class NotificationsDb(DbContextOptions<NotificationsDb> options) : DbContext(options)
{
    public const string Schema = "notifications";

    public DbSet<Notification> Notifications => Set<Notification>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfiguration(new NotificationConfiguration());
        modelBuilder.AddOutboxAndInbox();
    }
}

internal static class NotificationsDatabase
{
    public static IHostApplicationBuilder AddNotificationsDatabase(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<NotificationsDb>(NotificationsDb.Schema);
        builder.Services.AddOutboxAndInbox<NotificationsDb>();
        return builder;
    }
}
