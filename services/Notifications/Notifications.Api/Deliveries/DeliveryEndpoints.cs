using Jade.Notifications.Live;
using Jade.Persistence;
using Jade.ServiceDefaults;
using Jade.Notifications.Preferences;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Notifications.Deliveries;

/// <summary>The staff console's view of e-mail and SMS deliveries, and replay of one.</summary>
public static class DeliveryEndpoints
{
    public static IEndpointRouteBuilder MapDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/notifications/admin/deliveries").RequireAuthorization(NotificationsPolicies.Staff).WithTags("Deliveries (staff)");
        staff.MapGet("/", ListAsync).WithName("ListDeliveries");
        staff.MapPost("/{id:guid}/replay", ReplayAsync).WithName("ReplayDelivery");
        return app;
    }

    internal static async Task<Results<Ok<DeliveryPage>, ValidationProblem>> ListAsync(
        NotificationsDb db, string? channel, string? status, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.From(page, pageSize, errors);
        if (channel is not null && channel is not (Channels.Email or Channels.Sms)) errors["channel"] = ["channel is email or sms."];
        if (status is not null && !DeliveryStatuses.All.Contains(status)) errors["status"] = [$"status is one of {string.Join(", ", DeliveryStatuses.All)}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var query = db.Deliveries.AsNoTracking();
        if (channel is not null) query = query.Where(d => d.Channel == channel);
        if (status is not null) query = query.Where(d => d.Status == status);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).PageOf(paging)
            .Select(d => new DeliveryView(d.Id, d.Channel, d.Kind, d.UserId, d.RecipientMasked, d.Subject, d.Body, d.Status, d.Attempts,
                d.LastError, d.CreatedAt, d.SentAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new DeliveryPage(items, paging.Page, paging.Size, total));
    }

    /// <summary>
    /// Sends the same message again, now, as a new send (its own provider idempotency key); the attempt count carries on
    /// so the list shows every try. Audited. A delivery still waiting for its first or next try is left to the worker.
    /// </summary>
    internal static async Task<Results<Accepted, NotFound, ProblemHttpResult>> ReplayAsync(
        Guid id, NotificationsDb db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var delivery = await db.Deliveries.FromSql($"SELECT * FROM notifications.deliveries WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (delivery is null) return TypedResults.NotFound();
        if (delivery.Status == DeliveryStatuses.Pending)
        {
            return TypedResults.Problem("This delivery is already waiting to be sent.", statusCode: StatusCodes.Status409Conflict, title: "Already pending");
        }
        var now = time.GetUtcNow();
        var before = $$"""{"status":"{{delivery.Status}}","attempts":{{delivery.Attempts}},"replays":{{delivery.Replays}}}""";
        (delivery.Status, delivery.NextAttemptAt, delivery.Replays) = (DeliveryStatuses.Pending, now, delivery.Replays + 1);
        var actor = AuditActor.Of(http);
        await db.AppendAuditAsync(actor, "delivery.replay", "delivery", id.ToString("D"), before,
            $$"""{"status":"{{DeliveryStatuses.Pending}}","replays":{{delivery.Replays}}}""", now, ct);
        await LiveSignals.DeliveriesWaitingAsync(db, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Accepted((string?)null);
    }
}

public sealed record DeliveryView(
    Guid Id, string Channel, string Kind, Guid UserId, string Recipient, string? Subject, string Body, string Status, int Attempts,
    string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

public sealed record DeliveryPage(IReadOnlyList<DeliveryView> Items, int Page, int PageSize, int Total);
