using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Orders;

public static class KeyedOrders
{
    /// <summary>The order the customer's request with this <c>Idempotency-Key</c> created, if one did.</summary>
    public static Task<PaymentOrderRow?> KeyedAsync(this IQueryable<PaymentOrderRow> orders, Guid customer, string key, CancellationToken ct) =>
        orders.SingleOrDefaultAsync(o => o.CustomerId == customer && o.IdempotencyKey == key, ct);
}
