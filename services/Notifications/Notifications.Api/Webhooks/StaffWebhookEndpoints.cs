using Jade.Persistence;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Notifications.Webhooks;

/// <summary>
/// <c>/api/notifications/admin/webhooks</c>: staff follow every partner's deliveries (the dead ones are the dead-letter
/// view), read a delivery's attempt log and replay it. A replay is a staff action: it is audited.
/// </summary>
internal static class StaffWebhookEndpoints
{
    public static IEndpointRouteBuilder MapStaffWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/notifications/admin/webhooks").WithTags("Webhooks (staff)").RequireAuthorization(NotificationsPolicies.Staff);
        staff.MapGet("/deliveries", ListAsync).WithName("StaffListWebhookDeliveries");
        staff.MapGet("/deliveries/{id}", GetAsync).WithName("StaffGetWebhookDelivery");
        staff.MapPost("/deliveries/{id}/replay", ReplayAsync).WithName("StaffReplayWebhookDelivery");
        return app;
    }

    internal static async Task<Results<Ok<WebhookDeliveryPage>, ValidationProblem>> ListAsync(
        NotificationsDb db, string? status, string? clientId, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = WebhookDeliveryQueries.Validate(status, page, pageSize, errors);
        if (clientId is { Length: > 200 })
        {
            errors["clientId"] = ["clientId is at most 200 characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var deliveries = db.WebhookDeliveries.AsNoTracking();
        if (!string.IsNullOrEmpty(clientId))
        {
            deliveries = deliveries.Where(d => d.ClientId == clientId);
        }
        return TypedResults.Ok(await WebhookDeliveryQueries.PageAsync(deliveries, status, paging, ct));
    }

    internal static async Task<Results<Ok<WebhookDeliveryDetail>, NotFound>> GetAsync(string id, NotificationsDb db, CancellationToken ct)
    {
        if (WebhookIds.Parse(id) is not { } deliveryId)
        {
            return TypedResults.NotFound();
        }
        var d = await db.WebhookDeliveries.AsNoTracking().Include(x => x.Endpoint).SingleOrDefaultAsync(x => x.Id == deliveryId, ct);
        if (d is null)
        {
            return TypedResults.NotFound();
        }
        var log = await db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Attempt)
            .Select(a => new WebhookAttemptView(a.Attempt, a.At, a.StatusCode, a.Error, a.DurationMs))
            .ToListAsync(ct);
        return TypedResults.Ok(new WebhookDeliveryDetail(d.WebhookId, d.EndpointId, d.ClientId, d.Endpoint.Url, d.EventType, d.Status,
            d.Attempts, d.LastStatusCode, d.LastError, d.NextAttemptAt, d.CreatedAt, d.DeliveredAt, log));
    }

    internal static async Task<Results<Accepted, NotFound, ProblemHttpResult>> ReplayAsync(
        string id, HttpContext http, NotificationsDb db, WebhookSignal signal, TimeProvider time, CancellationToken ct)
    {
        if (WebhookIds.Parse(id) is not { } deliveryId)
        {
            return TypedResults.NotFound();
        }
        var now = time.GetUtcNow();
        var actor = AuditActor.Of(http);
        var (outcome, _) = await WebhookDeliveryQueries.ReplayAsync(db, deliveryId, clientId: null, now,
            delivery => db.AppendAuditAsync(actor, "webhook_delivery.replay", "webhook_delivery", delivery.WebhookId,
                $$"""{"status":"{{delivery.Status}}","attempts":{{delivery.Attempts}}}""", $$"""{"status":"{{WebhookDelivery.Pending}}"}""", now, ct),
            ct);
        return WebhookDeliveryQueries.AnswerReplay(outcome, signal);
    }
}
