using Jade.Notifications.Live;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Notifications.Inbox;

public static class InboxEndpoints
{
    public const string ReadPolicy = "notifications";

    public static IServiceCollection AddInboxFeature(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => p.RequireAuthenticatedUser().RequireScope("notifications").RequireClaim("sub"));
        return services;
    }

    public static IEndpointRouteBuilder MapInboxEndpoints(this IEndpointRouteBuilder app)
    {
        var inbox = app.MapGroup("/api/notifications").RequireAuthorization(ReadPolicy).WithTags("Inbox");
        inbox.MapGet("/", ListAsync).WithName("ListNotifications");
        inbox.MapGet("/unread-count", UnreadAsync).WithName("CountUnreadNotifications");
        inbox.MapGet("/{id:guid}", GetAsync).WithName("GetNotification");
        inbox.MapPost("/{id:guid}/read", MarkReadAsync).WithName("MarkNotificationRead");
        inbox.MapPost("/read-all", MarkAllReadAsync).WithName("MarkAllNotificationsRead");
        return app;
    }

    internal static async Task<Results<Ok<NotificationPage>, ValidationProblem, UnauthorizedHttpResult>> ListAsync(
        HttpContext http, NotificationsDb db, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.From(page, pageSize, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (CurrentUser(http) is not { } userId)
        {
            return TypedResults.Unauthorized();
        }

        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        var total = await mine.CountAsync(ct);
        var unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        var items = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .PageOf(paging).ToListAsync(ct);
        return TypedResults.Ok(new NotificationPage(items.Select(NotificationView.From).ToList(), paging.Page, paging.Size, total, unread));
    }

    internal static async Task<Results<Ok<UnreadCount>, UnauthorizedHttpResult>> UnreadAsync(HttpContext http, NotificationsDb db, CancellationToken ct)
    {
        if (CurrentUser(http) is not { } userId)
        {
            return TypedResults.Unauthorized();
        }
        return TypedResults.Ok(new UnreadCount(await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct)));
    }

    internal static async Task<Results<Ok<NotificationView>, NotFound, UnauthorizedHttpResult>> GetAsync(
        Guid id, HttpContext http, NotificationsDb db, CancellationToken ct)
    {
        if (CurrentUser(http) is not { } userId)
        {
            return TypedResults.Unauthorized();
        }
        // Another customer's id answers exactly like a missing one, so ids cannot be probed.
        var notification = await db.Notifications.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id && n.UserId == userId, ct);
        return notification is null ? TypedResults.NotFound() : TypedResults.Ok(NotificationView.From(notification));
    }

    internal static async Task<Results<NoContent, NotFound, UnauthorizedHttpResult>> MarkReadAsync(
        Guid id, HttpContext http, NotificationsDb db, TimeProvider time, CancellationToken ct)
    {
        if (CurrentUser(http) is not { } userId)
        {
            return TypedResults.Unauthorized();
        }
        if (!await db.Notifications.AnyAsync(n => n.Id == id && n.UserId == userId, ct))
        {
            return TypedResults.NotFound();
        }
        // Compare-and-set: only an unread message gets a read time, so repeating the call changes nothing.
        var changed = await db.Notifications.Where(n => n.Id == id && n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, time.GetUtcNow()), ct);
        // The customer's other open tabs update their bell too.
        if (changed > 0) await LiveSignals.UnreadChangedAsync(db, userId, ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, UnauthorizedHttpResult>> MarkAllReadAsync(
        HttpContext http, NotificationsDb db, TimeProvider time, CancellationToken ct)
    {
        if (CurrentUser(http) is not { } userId)
        {
            return TypedResults.Unauthorized();
        }
        var changed = await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, time.GetUtcNow()), ct);
        if (changed > 0) await LiveSignals.UnreadChangedAsync(db, userId, ct);
        return TypedResults.NoContent();
    }

    private static Guid? CurrentUser(HttpContext http) =>
        Guid.TryParse(http.User.Subject(), out var id) ? id : null;
}

public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, int Page, int PageSize, int Total, int Unread);

public sealed record NotificationView(
    Guid Id,
    string Category,
    string Kind,
    IReadOnlyDictionary<string, string> Title,
    IReadOnlyDictionary<string, string> Body,
    string? Link,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt)
{
    public static NotificationView From(Notification n) =>
        new(n.Id, n.Category, n.Kind, n.Title.ToDictionary(), n.Body.ToDictionary(), n.Link, n.CreatedAt, n.ReadAt);
}
