using Jade.Payments.Limits;
using Jade.Payments.Orders;
using Jade.Payments.Pins;
using Jade.Persistence;
using Jade.Persistence.Idempotency;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Jade.Payments.HeldPayments;

/// <summary>
/// What every payment that takes money out of a wallet goes through before its saga starts: the PIN, then the limits
/// inside the transaction that will create the order. A refusal leaves nothing behind but a wrong PIN's count.
/// </summary>
public sealed class OutgoingPayment(PaymentsDb db, PinGuard pins, PaymentLimits limits, HeldPaymentSaga saga, Sagas.SagaStore store, TimeProvider time)
{
    public const string DeviceHeader = BrowserDevice.Header;

    /// <summary>Checks the PIN and the limits; on success the returned transaction is open and the caller adds the order.</summary>
    public async Task<(IDbContextTransaction? Transaction, ProblemHttpResult? Refusal)> AuthorizeAsync(Guid customer, string pin, long amount, CancellationToken ct)
    {
        if (PinEndpoints.Refusal(await pins.CheckAsync(customer, pin, ct)) is { } refused) return (null, refused);
        var tx = await db.Database.BeginTransactionAsync(ct);
        // The order's one save either commits with the transaction or fails the request, which rolls everything back:
        // a savepoint around it would only add two round trips while the customer's row is locked.
        db.Database.AutoSavepointsEnabled = false;
        if (await limits.CheckAsync(customer, amount, ct) is { } breach)
        {
            await tx.DisposeAsync();
            return (null, OverLimit(breach));
        }
        return (tx, null);
    }

    /// <summary>
    /// The order an earlier request with this <c>Idempotency-Key</c> created, when that request never recorded its
    /// answer: asked only then, so a first request pays no extra round trip.
    /// </summary>
    public async Task<PaymentOrderRow?> AlreadyStartedAsync(Guid customer, HttpContext http, CancellationToken ct) =>
        http.Features.Get<IdempotencyClaim>() is { LeaseTakenOver: true, Key: var key } ? await KeyedOrderAsync(customer, key, ct) : null;

    /// <summary>
    /// Adds the order, starts its saga and commits; returns the order to answer with. That is the one a concurrent run
    /// of the same request committed first, if there is one: the customer pays once.
    /// </summary>
    public async Task<PaymentOrderRow> StartAsync(PaymentOrderRow order, IDbContextTransaction tx, CancellationToken ct)
    {
        db.PaymentOrders.Add(order);
        store.Send(order, saga.Start(order));
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return order;
        }
        catch (DbUpdateException ex) when (order.IdempotencyKey is { } key && ex.IsUniqueViolation(PaymentOrderRow.KeyedOrderIndex))
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return await KeyedOrderAsync(order.CustomerId, key, ct)
                ?? throw new InvalidOperationException("The keyed order that refused this one is gone.", ex);
        }
    }

    /// <summary>The answer to the request that started <paramref name="order"/>: 202 and where to follow it.</summary>
    public static Accepted<PaymentView> Accepted(PaymentOrderRow order, Guid customer) =>
        TypedResults.Accepted($"/api/payments/orders/{order.Id}", PaymentView.Of(order, customer));

    private Task<PaymentOrderRow?> KeyedOrderAsync(Guid customer, string key, CancellationToken ct) =>
        db.PaymentOrders.AsNoTracking().KeyedAsync(customer, key, ct);

    /// <summary>Who and what an outgoing order pays: a customer's wallet (P2P) or a bound card (withdrawal).</summary>
    public sealed record Payee(Guid? CustomerId, string PayerLabel, string PayeeLabel, string? Name = null, Guid? BankCardId = null);

    public PaymentOrderRow NewOrder(string kind, Guid customer, long amount, string? memo, Payee payee, HttpContext http)
    {
        var now = time.GetUtcNow();
        return new()
        {
            Id = Guid.CreateVersion7(now), Kind = kind, CustomerId = customer, CounterpartyId = payee.CustomerId, AmountMinor = amount,
            PayerLabel = payee.PayerLabel, PayeeLabel = payee.PayeeLabel, PayeeName = payee.Name, BankCardId = payee.BankCardId,
            Currency = PaymentRequests.Currency, Memo = string.IsNullOrWhiteSpace(memo) ? null : memo.Trim(), Channel = "web",
            DeviceId = http.Request.Headers[DeviceHeader].ToString() is { Length: > 0 and <= 100 } device ? device : null,
            IpAddress = http.Connection.RemoteIpAddress?.ToString(), Status = PaymentStatuses.Accepted,
            PostTransferId = Guid.CreateVersion7(now), VoidTransferId = Guid.CreateVersion7(now), CreatedAt = now, UpdatedAt = now,
            IdempotencyKey = http.Features.Get<IdempotencyClaim>()?.Key,
        };
    }

    private static ProblemHttpResult OverLimit(LimitBreach breach) => TypedResults.Problem(
        $"This payment would pass your {(breach.Which == "per_day" ? "daily" : "per-payment")} limit of {PaymentRequests.FormatAmount(breach.LimitMinor)} CNY"
        + (breach.Which == "per_day" ? $" ({PaymentRequests.FormatAmount(breach.UsedMinor)} already used today)." : ".")
        + (breach.KycLevel < 2 ? " Verify your identity to raise it." : ""),
        statusCode: StatusCodes.Status422UnprocessableEntity, title: "Over your limit",
        extensions: new Dictionary<string, object?> { ["limit"] = breach });
}
