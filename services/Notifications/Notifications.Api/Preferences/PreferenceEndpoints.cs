using Jade.Notifications.Inbox;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Notifications.Preferences;

public static class PreferenceEndpoints
{
    public static IEndpointRouteBuilder MapPreferenceEndpoints(this IEndpointRouteBuilder app)
    {
        var preferences = app.MapGroup("/api/notifications/preferences").RequireAuthorization(InboxEndpoints.ReadPolicy).WithTags("Preferences");
        preferences.MapGet("/", GetAsync).WithName("GetNotificationPreferences");
        preferences.MapPut("/", PutAsync).WithName("SetNotificationPreferences");
        return app;
    }

    internal static async Task<Results<Ok<PreferencesView>, UnauthorizedHttpResult>> GetAsync(HttpContext http, NotificationsDb db, CancellationToken ct)
    {
        if (!Guid.TryParse(http.User.Subject(), out var userId)) return TypedResults.Unauthorized();
        return TypedResults.Ok(await ViewAsync(db, userId, ct));
    }

    internal static async Task<Results<Ok<PreferencesView>, ValidationProblem, UnauthorizedHttpResult>> PutAsync(
        PreferencesUpdate? update, HttpContext http, NotificationsDb db, TimeProvider time, CancellationToken ct)
    {
        if (!Guid.TryParse(http.User.Subject(), out var userId)) return TypedResults.Unauthorized();
        var errors = Validate(update);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var existing = await db.Preferences.Where(p => p.UserId == userId).ToDictionaryAsync(p => p.Category, ct);
        foreach (var item in update!.Categories!.OfType<CategoryUpdate>())
        {
            var channels = item.Channels!;
            if (!existing.TryGetValue(item.Category!, out var row))
            {
                row = new PreferenceRow { UserId = userId, Category = item.Category! };
                db.Preferences.Add(row);
            }
            (row.InApp, row.Email, row.Sms, row.UpdatedAt) = (channels.InApp!.Value, channels.Email!.Value, channels.Sms!.Value, time.GetUtcNow());
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ViewAsync(db, userId, ct));
    }

    /// <summary>What the customer chose for each category, or the default where they never chose.</summary>
    public static async Task<ChannelChoice> ChoiceAsync(NotificationsDb db, Guid userId, string category, CancellationToken ct)
    {
        if (Categories.IsLocked(category)) return Categories.Default(category);
        var row = await db.Preferences.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId && p.Category == category, ct);
        return row?.Choice ?? Categories.Default(category);
    }

    private static async Task<PreferencesView> ViewAsync(NotificationsDb db, Guid userId, CancellationToken ct)
    {
        var rows = await db.Preferences.AsNoTracking().Where(p => p.UserId == userId).ToDictionaryAsync(p => p.Category, ct);
        return new PreferencesView([.. Categories.All.Select(c =>
        {
            var choice = Categories.IsLocked(c) || !rows.TryGetValue(c, out var row) ? Categories.Default(c) : row.Choice;
            return new CategoryPreference(c, Categories.IsLocked(c), new ChannelSettings(choice.InApp, choice.Email, choice.Sms));
        })]);
    }

    private static Dictionary<string, string[]> Validate(PreferencesUpdate? update)
    {
        var errors = new Dictionary<string, string[]>();
        if (update?.Categories is not { Count: > 0 } categories)
        {
            errors["categories"] = ["Give at least one category."];
            return errors;
        }
        var seen = new HashSet<string>();
        for (var i = 0; i < categories.Count; i++)
        {
            var item = categories[i];
            var at = $"categories[{i}]";
            if (item?.Category is not { } category || !Categories.All.Contains(category))
            {
                errors[$"{at}.category"] = [$"Unknown category; use one of {string.Join(", ", Categories.All)}."];
                continue;
            }
            if (!seen.Add(category)) errors[$"{at}.category"] = [$"{category} is given twice."];
            if (item.Channels is not { InApp: not null, Email: not null, Sms: not null } channels)
            {
                errors[$"{at}.channels"] = ["Give inApp, email and sms, each true or false."];
                continue;
            }
            if (Categories.IsLocked(category) && (channels.InApp == false || channels.Email == false || channels.Sms == false))
            {
                errors[$"{at}.channels"] = ["Security alerts cannot be switched off."];
            }
        }
        return errors;
    }
}

public sealed record PreferencesUpdate(IReadOnlyList<CategoryUpdate?>? Categories);

public sealed record CategoryUpdate(string? Category, ChannelUpdate? Channels);

public sealed record ChannelUpdate(bool? InApp, bool? Email, bool? Sms);

public sealed record PreferencesView(IReadOnlyList<CategoryPreference> Categories);

public sealed record CategoryPreference(string Category, bool Locked, ChannelSettings Channels);

public sealed record ChannelSettings(bool InApp, bool Email, bool Sms);
