using Jade.Notifications.Live;
using Microsoft.EntityFrameworkCore;

namespace Jade.Notifications.Webhooks;

/// <summary>
/// Adds one delivery per enabled endpoint of the partner subscribed to the event, to the caller's unit of work (the inbox
/// transaction). An endpoint that already has a delivery for the source event gets none; the unique index on
/// (endpoint, source event) backs that up against a concurrent duplicate. The dispatcher is woken when the work commits.
/// </summary>
internal sealed class WebhookDeliveryWriter(NotificationsDb db, TimeProvider time)
{
    public async Task AddAsync(string clientId, string eventType, Guid sourceEventId, string payload, CancellationToken ct)
    {
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.ClientId == clientId && e.Status == WebhookEndpoint.Enabled && e.DeletedAt == null && e.Events.Contains(eventType))
            .Select(e => e.Id)
            .ToListAsync(ct);
        if (endpoints.Count == 0)
        {
            return;
        }
        var already = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.SourceEventId == sourceEventId && endpoints.Contains(d.EndpointId))
            .Select(d => d.EndpointId)
            .ToListAsync(ct);
        var now = time.GetUtcNow();
        var added = 0;
        foreach (var endpointId in endpoints.Except(already))
        {
            added++;
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                Id = Guid.CreateVersion7(now),
                EndpointId = endpointId,
                ClientId = clientId,
                SourceEventId = sourceEventId,
                EventType = eventType,
                Payload = payload,
                Status = WebhookDelivery.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
            });
        }
        if (added > 0)
        {
            await LiveSignals.WebhooksWaitingAsync(db, ct);
        }
    }
}
