using Jade.Identity.Kyc;
using Jade.Identity.Users;
using Microsoft.EntityFrameworkCore;

namespace Jade.Identity.Support;

/// <summary>A reset request as the console shows it: whose, asked by whom and why, and what became of it. The legal name only masked.</summary>
public sealed record SupportResetRequestView(
    Guid Id,
    Guid CustomerId,
    string CustomerEmail,
    string? MaskedLegalName,
    string RequestedBy,
    bool RequestedByMe,
    string Comment,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    string Status,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionComment);

public sealed record SupportResetRequestPage(IReadOnlyList<SupportResetRequestView> Items, int Page, int PageSize, int Total);

internal static class ResetRequestViews
{
    public static async Task<List<SupportResetRequestView>> ListAsync(IdentityDb db, IQueryable<SupportResetRequest> requests, Guid agent,
        DateTimeOffset now, CancellationToken ct)
    {
        var rows = await (
            from r in requests
            join u in db.Users on r.CustomerId equals u.Id
            from k in db.Set<KycProfile>().Where(k => k.UserId == r.CustomerId).DefaultIfEmpty()
            select new { Request = r, u.Email, LegalName = k == null ? null : k.LegalName }).ToListAsync(ct);
        return [.. rows.Select(row => new SupportResetRequestView(
            row.Request.Id,
            row.Request.CustomerId,
            row.Email ?? "",
            KycMasking.MaskName(row.LegalName),
            row.Request.RequestedByEmail,
            row.Request.RequestedBy == agent,
            row.Request.Comment,
            row.Request.RequestedAt,
            row.Request.ExpiresAt,
            row.Request.StatusAt(now),
            row.Request.DecidedByEmail,
            row.Request.DecidedAt,
            row.Request.DecisionComment))];
    }

    public static async Task<SupportResetRequestView> OneAsync(IdentityDb db, Guid id, Guid agent, DateTimeOffset now, CancellationToken ct) =>
        (await ListAsync(db, db.Set<SupportResetRequest>().AsNoTracking().Where(r => r.Id == id), agent, now, ct)).Single();

    public static async Task<SupportResetRequestView?> PendingForAsync(IdentityDb db, Guid customer, Guid agent, DateTimeOffset now, CancellationToken ct) =>
        (await ListAsync(db, db.Set<SupportResetRequest>().AsNoTracking().OpenAt(now).Where(r => r.CustomerId == customer), agent, now, ct))
        .SingleOrDefault();
}
