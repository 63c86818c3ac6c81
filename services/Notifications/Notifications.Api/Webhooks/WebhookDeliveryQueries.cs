using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Notifications.Webhooks;

/// <summary>Delivery listing and replay, shared by the partner API (own deliveries only) and the staff API (all).</summary>
internal static class WebhookDeliveryQueries
{

    public enum ReplayOutcome { Replayed, NotFound, InFlight, EndpointDisabled, EndpointDeleted }

    /// <summary>The paging asked for; <paramref name="errors"/> gets one entry, keyed by query parameter, per bad value.</summary>
    public static Paging Validate(string? status, int? page, int? pageSize, Dictionary<string, string[]> errors)
    {
        if (status is not null && !WebhookDelivery.Statuses.Contains(status))
        {
            errors["status"] = [$"status is one of {string.Join(", ", WebhookDelivery.Statuses)}."];
        }
        return Paging.From(page, pageSize, errors);
    }

    public static async Task<WebhookDeliveryPage> PageAsync(IQueryable<WebhookDelivery> deliveries, string? status, Paging paging, CancellationToken ct)
    {
        if (status is not null)
        {
            deliveries = deliveries.Where(d => d.Status == status);
        }
        var total = await deliveries.CountAsync(ct);
        var items = await deliveries.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .PageOf(paging)
            .Select(d => new WebhookDeliveryView(WebhookIds.Format(d.Id), d.EndpointId, d.ClientId, d.Endpoint.Url, d.EventType, d.Status,
                d.Attempts, d.LastStatusCode, d.LastError, d.NextAttemptAt, d.CreatedAt, d.DeliveredAt))
            .ToListAsync(ct);
        return new WebhookDeliveryPage(items, paging.Page, paging.Size, total);
    }

    /// <summary>
    /// Puts the delivery back to pending, due now, with a fresh attempt budget; its id and body stay. Refused while a
    /// dispatcher is sending it, and when its endpoint is disabled or deleted. <paramref name="beforeCommit"/> runs in
    /// the same transaction (the staff audit record); what it adds to the context is saved with the replay.
    /// </summary>
    public static async Task<(ReplayOutcome Outcome, WebhookDelivery? Delivery)> ReplayAsync(
        NotificationsDb db, Guid id, string? clientId, DateTimeOffset now, Func<WebhookDelivery, Task>? beforeCommit, CancellationToken ct)
    {
        var delivery = await db.WebhookDeliveries.AsNoTracking().Include(d => d.Endpoint)
            .SingleOrDefaultAsync(d => d.Id == id && (clientId == null || d.ClientId == clientId), ct);
        if (delivery is null) return (ReplayOutcome.NotFound, null);
        if (delivery.Endpoint.DeletedAt is not null) return (ReplayOutcome.EndpointDeleted, delivery);
        if (delivery.Endpoint.Status != WebhookEndpoint.Enabled) return (ReplayOutcome.EndpointDisabled, delivery);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var replayed = await db.WebhookDeliveries
            .Where(d => d.Id == id && (d.LockedUntil == null || d.LockedUntil < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDelivery.Pending)
                .SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.AttemptsAtReplay, d => d.Attempts)
                .SetProperty(d => d.DeliveredAt, (DateTimeOffset?)null)
                .SetProperty(d => d.ClaimToken, (Guid?)null)
                .SetProperty(d => d.LockedUntil, (DateTimeOffset?)null), ct);
        if (replayed == 0)
        {
            await tx.RollbackAsync(ct);
            return (ReplayOutcome.InFlight, delivery);
        }
        if (beforeCommit is not null)
        {
            await beforeCommit(delivery);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return (ReplayOutcome.Replayed, delivery);
    }

    /// <summary>The 409 answer of a refused replay.</summary>
    /// <summary>The HTTP answer to a replay, partner's or staff's; a replayed delivery wakes the dispatcher here.</summary>
    public static Results<Accepted, NotFound, ProblemHttpResult> AnswerReplay(ReplayOutcome outcome, WebhookSignal signal)
    {
        switch (outcome)
        {
            case ReplayOutcome.NotFound:
                return TypedResults.NotFound();
            case ReplayOutcome.Replayed:
                signal.Notify();
                return TypedResults.Accepted((string?)null);
            default:
                return RefusedReplay(outcome);
        }
    }

    private static ProblemHttpResult RefusedReplay(ReplayOutcome outcome) => TypedResults.Problem(
        outcome switch
        {
            ReplayOutcome.InFlight => "The delivery is being sent right now; replay it once this attempt has finished.",
            ReplayOutcome.EndpointDisabled => "The delivery's endpoint is disabled; enable it first.",
            _ => "The delivery's endpoint was deleted.",
        },
        statusCode: StatusCodes.Status409Conflict,
        title: "The delivery cannot be replayed now");
}
