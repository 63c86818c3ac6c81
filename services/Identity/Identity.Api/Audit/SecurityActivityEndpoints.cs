using System.Net;
using System.Text.Json;
using Jade.Identity.Devices;
using Jade.Identity.Oidc;
using Jade.Identity.Profile;
using Jade.Identity.Users;
using Jade.Persistence;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Jade.Identity.Audit;

/// <summary>One entry of a customer's security activity: what changed, when, and from which (masked) address.</summary>
public sealed record SecurityEvent(long Id, string Action, DateTimeOffset At, string IpAddress, JsonElement? Details);

public sealed record SecurityActivityPage(IReadOnlyList<SecurityEvent> Items, int Page, int PageSize, int Total);

/// <summary>The signed-in customer's own entries of the security audit trail, newest first (the SPA's security page).</summary>
internal static class SecurityActivityEndpoints
{
    public static void MapSecurityActivityEndpoints(this WebApplication app) =>
        app.MapGet("/api/identity/security-activity", ListAsync)
            .RequireAuthorization(OidcServerSetup.CustomerApiPolicy)
            .WithName("ListSecurityActivity");

    private static async Task<IResult> ListAsync(int? page, int? pageSize, HttpContext http, UserManager<JadeUser> users,
        IdentityDb db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.From(page, pageSize, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var user = await CurrentUser.FindAsync(http.User, users);
        if (user is null)
        {
            return CurrentUser.NotAUser();
        }
        var userId = user.Id.ToString();
        var trail = db.Set<AuditRecord>().AsNoTracking()
            .Where(r => r.Entity == SecurityAudit.Entity && r.EntityId == userId);
        var total = await trail.CountAsync(ct);
        var rows = await trail.OrderByDescending(r => r.Id).PageOf(paging).ToListAsync(ct);
        return TypedResults.Ok(new SecurityActivityPage([.. rows.Select(View)], paging.Page, paging.Size, total));
    }

    /// <summary>The address masked as identity shows addresses anywhere else; the details are what the change left (or removed).</summary>
    private static SecurityEvent View(AuditRecord record) => new(
        record.Id,
        record.Action,
        record.At,
        IpMasking.Mask(IPAddress.TryParse(record.SourceIp, out var address) ? address : null),
        !SecurityAudit.Actions.IsStaffAction(record.Action) && (record.After ?? record.Before) is { } json ? JsonDocument.Parse(json).RootElement.Clone() : null);
}
