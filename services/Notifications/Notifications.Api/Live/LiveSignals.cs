using Microsoft.EntityFrameworkCore;

namespace Jade.Notifications.Live;

/// <summary>
/// Tells every replica, through PostgreSQL <c>NOTIFY</c>, that a customer's inbox changed or that e-mail, SMS or webhook
/// deliveries are waiting.
/// Sent inside the writer's transaction, so PostgreSQL delivers it only if that transaction commits — a listener never
/// hears of a message it cannot read yet, and a rolled-back one is never announced.
/// </summary>
public static class LiveSignals
{
    public const string Channel = "jade_notifications";

    public static Task NewMessageAsync(DbContext db, Guid userId, Guid notificationId, CancellationToken ct) =>
        SendAsync(db, $"n:{userId:D}:{notificationId:D}", ct);

    public static Task UnreadChangedAsync(DbContext db, Guid userId, CancellationToken ct) => SendAsync(db, $"u:{userId:D}", ct);

    public static Task DeliveriesWaitingAsync(DbContext db, CancellationToken ct) => SendAsync(db, "d", ct);

    public static Task WebhooksWaitingAsync(DbContext db, CancellationToken ct) => SendAsync(db, "w", ct);

    private static Task SendAsync(DbContext db, string payload, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", ct);
}
