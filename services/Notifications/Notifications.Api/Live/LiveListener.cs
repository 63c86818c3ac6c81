using Jade.Notifications.Deliveries;
using Jade.Notifications.Inbox;
using Jade.Notifications.Webhooks;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Jade.Notifications.Live;

/// <summary>
/// Listens for <see cref="LiveSignals"/> on one PostgreSQL connection per replica and pushes to the customers connected
/// here; each replica hears every commit, so it does not matter which replica a browser's hub connection landed on.
/// Reconnects after a lost connection; anything missed meanwhile is still in the inbox the page loads.
/// </summary>
internal sealed class LiveListener(
    IServiceScopeFactory scopes,
    IHubContext<NotificationHub> hub,
    DeliverySignal deliveries,
    WebhookSignal webhooks,
    ILogger<LiveListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Live notification listener lost its connection; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        string connectionString;
        await using (var scope = scopes.CreateAsyncScope())
        {
            connectionString = scope.ServiceProvider.GetRequiredService<NotificationsDb>().Database.GetConnectionString()!;
        }
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        connection.Notification += (_, e) => _ = DispatchAsync(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {LiveSignals.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }
        // Deliveries queued while nobody listened are found by the worker's poll; this wakes it for the rest.
        deliveries.Notify();
        webhooks.Notify();
        while (!ct.IsCancellationRequested)
        {
            await connection.WaitAsync(ct);
        }
    }

    private async Task DispatchAsync(string payload)
    {
        try
        {
            var parts = payload.Split(':');
            switch (parts[0])
            {
                case "d":
                    deliveries.Notify();
                    break;
                case "w":
                    webhooks.Notify();
                    break;
                case "n" when parts.Length == 3 && Guid.TryParse(parts[1], out var user) && Guid.TryParse(parts[2], out var id):
                    await PushNewAsync(user, id);
                    break;
                case "u" when parts.Length == 2 && Guid.TryParse(parts[1], out var reader):
                    await PushUnreadAsync(reader, await UnreadAsync(reader));
                    break;
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not push live update {Payload}", payload);
        }
    }

    private async Task PushNewAsync(Guid userId, Guid notificationId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        var notification = await db.Notifications.AsNoTracking().SingleOrDefaultAsync(n => n.Id == notificationId && n.UserId == userId);
        if (notification is null) return;
        var user = hub.Clients.User(userId.ToString("D"));
        await user.SendAsync("notification", NotificationView.From(notification));
        await PushUnreadAsync(userId, await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null));
    }

    private async Task<int> UnreadAsync(Guid userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        return await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null);
    }

    private Task PushUnreadAsync(Guid userId, int unread) => hub.Clients.User(userId.ToString("D")).SendAsync("unread", new UnreadCount(unread));
}
