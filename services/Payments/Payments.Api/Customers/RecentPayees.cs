using Jade.Payments.Orders;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Customers;

/// <summary>Someone the customer has paid before, masked as a lookup shows them, with the last payment to them.</summary>
public sealed record RecentPayee(Guid CustomerId, string? MaskedEmail, string? MaskedPhone, DateTimeOffset LastPaidAt, long LastAmountMinor);

public sealed record RecentPayees(IReadOnlyList<RecentPayee> Items);

/// <summary>
/// The people a customer paid most recently, so paying them again needs no lookup. Only transfers that completed
/// count: a payee the customer never actually paid is not remembered, and the list reveals no one the customer did not
/// already find and pay.
/// </summary>
public static class RecentPayeeEndpoints
{
    public const int DefaultCount = 5;
    public const int MaxCount = 20;

    public static IEndpointRouteBuilder MapRecentPayees(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/payments/payees/recent", ListAsync).WithTags("Payees").WithName("RecentPayees")
            .RequireAuthorization(PaymentsAuthorization.CustomerPolicy);
        return app;
    }

    internal static async Task<Results<Ok<RecentPayees>, ValidationProblem>> ListAsync(int? count, PaymentsDb db, HttpContext http, CancellationToken ct)
    {
        if (count is < 1 or > MaxCount)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["count"] = [$"Count is between 1 and {MaxCount}."] });
        }
        var payer = http.User.CustomerId()!.Value;
        var paid = db.PaymentOrders.AsNoTracking()
            .Where(o => o.CustomerId == payer && o.Kind == PaymentKinds.PeerToPeer && o.Status == PaymentStatuses.Completed && o.CounterpartyId != null);
        var latest = await paid
            .GroupBy(o => o.CounterpartyId!.Value)
            .Select(g => new { Payee = g.Key, LastPaidAt = g.Max(o => o.CreatedAt) })
            .OrderByDescending(p => p.LastPaidAt)
            .Take(count ?? DefaultCount)
            .Select(p => new
            {
                p.Payee,
                p.LastPaidAt,
                AmountMinor = paid.Where(o => o.CounterpartyId == p.Payee && o.CreatedAt == p.LastPaidAt).Select(o => o.AmountMinor).First(),
            })
            .ToListAsync(ct);
        var ids = latest.Select(p => p.Payee).ToList();
        var directory = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        return TypedResults.Ok(new RecentPayees([.. latest.Where(p => directory.ContainsKey(p.Payee)).Select(p =>
        {
            var view = PayeeView.Of(directory[p.Payee]);
            return new RecentPayee(p.Payee, view.MaskedEmail, view.MaskedPhone, p.LastPaidAt, p.AmountMinor);
        })]));
    }
}
