using System.Globalization;
using Jade.Payments.Orders;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Partners;

/// <summary>
/// Filters for a partner's payment list. <see cref="From"/> (inclusive) and <see cref="To"/> (exclusive) are ISO 8601
/// timestamps with an offset, so a partner in any time zone states its window exactly; <see cref="After"/> is the
/// <c>next</c> of the previous page.
/// </summary>
public sealed record PartnerPaymentQuery(string? Status, string? Type, string? From, string? To, string? EndToEndId, int? Limit, string? After)
{
    public const int MaxLimit = 200;

    internal Dictionary<string, string[]> Validate(out DateTimeOffset? from, out DateTimeOffset? to, out Guid? after)
    {
        var errors = new Dictionary<string, string[]>();
        if (Status is not null && !PartnerStatuses.All.Contains(Status)) errors["status"] = [$"status is one of {string.Join(", ", PartnerStatuses.All)}."];
        if (Type is not null && Type is not (PartnerPayments.Credit or PartnerPayments.Payout)) errors["type"] = ["type is credit or payout."];
        from = Timestamp(From, "from", errors);
        to = Timestamp(To, "to", errors);
        if (from is not null && to is not null && to <= from) errors["to"] = ["to must be after from."];
        if (EndToEndId is { Length: 0 or > 35 } || EndToEndId?.Any(c => c is < ' ' or > '~') == true)
        {
            errors["endToEndId"] = ["endToEndId is 1 to 35 printable ASCII characters."];
        }
        if (Limit is < 1 or > MaxLimit) errors["limit"] = [$"limit is between 1 and {MaxLimit}."];
        after = null;
        if (After is not null)
        {
            if (Guid.TryParse(After, out var cursor)) after = cursor;
            else errors["after"] = ["after is the next value of the previous page, a payment id."];
        }
        return errors;
    }

    private static DateTimeOffset? Timestamp(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null) return null;
        // An offset is required: a bare local time would mean a different instant in every partner's time zone.
        var hasOffset = text.Length > 19 && (text.EndsWith('Z') || text[19..].Contains('+') || text[19..].Contains('-'));
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)) return at;
        errors[field] = [$"{field} is an ISO 8601 timestamp with an offset, e.g. 2026-11-28T00:00:00+08:00 or 2026-11-27T16:00:00Z."];
        return null;
    }
}

/// <summary>One page of a partner's payments, newest first; <see cref="Next"/> is null on the last page.</summary>
public sealed record PartnerPaymentPage(IReadOnlyList<PartnerPaymentStatus> Items, Guid? Next);

public static class PartnerPaymentList
{
    /// <summary>The partner's own payments (pain.002-style status reports), for reconciling its books against Jade's.</summary>
    internal static async Task<Results<Ok<PartnerPaymentPage>, ValidationProblem>> ListAsync([AsParameters] PartnerPaymentQuery query,
        PaymentsDb db, HttpContext http, CancellationToken ct)
    {
        var errors = query.Validate(out var from, out var to, out var after);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var client = http.User.Subject();
        var orders = db.PaymentOrders.AsNoTracking().Where(o => o.PartnerClientId == client);
        if (query.Status is not null) orders = orders.Where(PartnerStatuses.Having(query.Status));
        if (query.Type is not null)
        {
            var kind = query.Type == PartnerPayments.Payout ? PaymentKinds.PartnerPayout : PaymentKinds.PartnerCredit;
            orders = orders.Where(o => o.Kind == kind);
        }
        if (from is not null) orders = orders.Where(o => o.CreatedAt >= from);
        if (to is not null) orders = orders.Where(o => o.CreatedAt < to);
        if (query.EndToEndId is not null) orders = orders.Where(o => o.PartnerReference == query.EndToEndId);
        // Version-7 ids sort by creation time, so the id alone is a stable cursor that never skips or repeats a row.
        if (after is { } cursor) orders = orders.Where(o => o.Id.CompareTo(cursor) < 0);

        var limit = query.Limit ?? 50;
        var rows = await orders.OrderByDescending(o => o.Id).Take(limit + 1).ToListAsync(ct);
        var page = rows.Take(limit).Select(PartnerPayments.StatusOf).ToList();
        return TypedResults.Ok(new PartnerPaymentPage(page, rows.Count > limit ? page[^1].PaymentId : null));
    }
}
