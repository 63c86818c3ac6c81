using System.Globalization;
using Jade.ServiceDefaults;

namespace Jade.Payments.Orders;

/// <summary>History filters. Dates are business days in Beijing time (UTC+8), both ends included.</summary>
public sealed record OrderQuery(string? Kind, string? Status, string? Direction, string? From, string? To, int? Page, int? PageSize)
{
    /// <summary>Bounds that keep every day filter a real instant: year 1 in Beijing would be before year 1 in UTC.</summary>
    private static readonly DateOnly Earliest = new(2000, 1, 1), Latest = new(2099, 12, 31);

    public (OrderFilter Filter, Dictionary<string, string[]> Errors) Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Kind is not null && !PaymentKinds.All.Contains(Kind)) errors["kind"] = [$"Kind is one of {string.Join(", ", PaymentKinds.All)}."];
        if (Status is not null && !PaymentStatuses.All.Contains(Status)) errors["status"] = [$"Status is one of {string.Join(", ", PaymentStatuses.All)}."];
        if (Direction is not null && Direction is not (PaymentView.Outgoing or PaymentView.Incoming)) errors["direction"] = ["Direction is outgoing or incoming."];
        var from = Day(From, "from", errors);
        var to = Day(To, "to", errors);
        if (from is not null && to is not null && to < from) errors["to"] = ["The end date is before the start date."];
        var paging = Paging.From(Page, PageSize, errors);
        return (new OrderFilter(Kind, Status, Direction, from, to?.AddDays(1), paging), errors);
    }

    private static DateTimeOffset? Day(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null) return null;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors[field] = ["Dates are written yyyy-MM-dd."];
            return null;
        }
        if (day < Earliest || day > Latest)
        {
            errors[field] = [$"Dates are between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}."];
            return null;
        }
        return BusinessDay.Of(day);
    }
}

/// <summary>Validated filters; <see cref="Before"/> is exclusive.</summary>
public sealed record OrderFilter(string? Kind, string? Status, string? Direction, DateTimeOffset? From, DateTimeOffset? Before, Paging Paging)
{
    /// <summary>
    /// What <paramref name="customer"/> may see at all: every order they placed, and the transfers they received once
    /// completed (a payee never learns of a payment that failed or is still being checked).
    /// </summary>
    public static IQueryable<PaymentOrderRow> VisibleTo(IQueryable<PaymentOrderRow> orders, Guid customer) =>
        orders.Where(o => o.CustomerId == customer || (o.CounterpartyId == customer && o.Status == PaymentStatuses.Completed));

    /// <summary>The customer's visible orders (<see cref="VisibleTo"/>) that pass the filters.</summary>
    public IQueryable<PaymentOrderRow> Apply(IQueryable<PaymentOrderRow> orders, Guid customer)
    {
        orders = Direction switch
        {
            PaymentView.Outgoing => orders.Where(o => o.CustomerId == customer && o.Kind != PaymentKinds.TopUp && o.Kind != PaymentKinds.PartnerCredit),
            PaymentView.Incoming => orders.Where(o => (o.CustomerId == customer && (o.Kind == PaymentKinds.TopUp || o.Kind == PaymentKinds.PartnerCredit))
                || (o.CounterpartyId == customer && o.Status == PaymentStatuses.Completed)),
            _ => VisibleTo(orders, customer),
        };
        if (Kind is not null) orders = orders.Where(o => o.Kind == Kind);
        if (Status is not null) orders = orders.Where(o => o.Status == Status);
        if (From is not null) orders = orders.Where(o => o.CreatedAt >= From);
        if (Before is not null) orders = orders.Where(o => o.CreatedAt < Before);
        return orders;
    }
}
