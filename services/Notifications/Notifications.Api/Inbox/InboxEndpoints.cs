using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Notifications.Inbox;

public static class InboxEndpoints
{
    public const string ReadPolicy = "notifications";
    public const int MaxPageSize = 100;

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
        inbox.MapGet("/{id:guid}", GetAsync).WithName("GetNotification");
        inbox.MapPost("/{id:guid}/read", MarkReadAsync).WithName("MarkNotificationRead");
        inbox.MapPost("/read-all", MarkAllReadAsync).WithName("MarkAllNotificationsRead");
        return app;
    }

    internal static async Task<Results<Ok<NotificationPage>, ValidationProblem, UnauthorizedHttpResult>> ListAsync(
        HttpContext http, NotificationsDb db, int? page, int? pageSize, CancellationToken ct)
    {
        var (pageNumber, size) = (page ?? 1, pageSize ?? 20);
        var errors = new Dictionary<string, string[]>();
        if (pageNumber < 1)
        {
            errors["page"] = ["page must be 1 or more."];
        }
        if (size is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }
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
            .Skip((pageNumber - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new NotificationPage(items.Select(NotificationView.From).ToList(), pageNumber, size, total, unread));
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
        await db.Notifications.Where(n => n.Id == id && n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, time.GetUtcNow()), ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, UnauthorizedHttpResult>> MarkAllReadAsync(
        HttpContext http, NotificationsDb db, TimeProvider time, CancellationToken ct)
    {
        if (CurrentUser(http) is not { } userId)
        {
            return TypedResults.Unauthorized();
        }
        await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, time.GetUtcNow()), ct);
        return TypedResults.NoContent();
    }

    private static Guid? CurrentUser(HttpContext http) =>
        Guid.TryParse(http.User.Subject(), out var id) ? id : null;
}

public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, int Page, int PageSize, int Total, int Unread);

public sealed record NotificationView(
    Guid Id,
    string Category,
    IReadOnlyDictionary<string, string> Title,
    IReadOnlyDictionary<string, string> Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt)
{
    public static NotificationView From(Notification n) =>
        new(n.Id, n.Category, n.Title.ToDictionary(), n.Body.ToDictionary(), n.CreatedAt, n.ReadAt);
}
