using Jade.Payments.Channels;
using Jade.Payments.Incoming;
using Jade.Payments.Limits;
using Jade.Payments.Orders;
using Jade.Payments.Sagas;
using Jade.Persistence;
using Jade.Persistence.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.TopUps;

/// <summary>A top-up from a bank card; <see cref="Amount"/> is decimal text in major units.</summary>
public sealed record TopUpRequest(string? Amount, string? Currency);

/// <summary>The order and where the customer confirms the charge at the card acquirer.</summary>
public sealed record TopUpView(PaymentView Payment, string ConfirmUrl);

public static class TopUpEndpoints
{
    public static IEndpointRouteBuilder MapTopUpEndpoints(this IEndpointRouteBuilder app)
    {
        // 422 over the per-payment limit, 503 the acquirer did not create the charge.
        app.MapPost("/api/payments/topups", TopUpAsync).WithTags("Top-ups").WithName("TopUp")
            .RequireAuthorization(PaymentsAuthorization.CustomerPolicy)
            .RequireIdempotencyKey()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>
    /// Creates the order, then the charge at the card acquirer, and answers with the acquirer's confirmation page. The
    /// order is committed before the acquirer is called, so a crash in between leaves an order the deadline fails, never
    /// a charge Jade does not know about. The order keeps the request's <c>Idempotency-Key</c>: a retry whose first run
    /// never recorded its answer gets that run's charge, not a second one.
    /// </summary>
    internal static async Task<Results<Created<TopUpView>, ValidationProblem, ProblemHttpResult>> TopUpAsync(
        TopUpRequest request, PaymentsDb db, IncomingPaymentSaga saga, SagaStore store, ICardAcquirer acquirer, ChannelUrls urls,
        Microsoft.Extensions.Options.IOptions<LimitOptions> limits, HttpContext http, TimeProvider time, ILogger<TopUpRequest> logger, CancellationToken ct)
    {
        var amount = PaymentRequests.ParseAmount(request.Amount);
        var errors = new Dictionary<string, string[]>();
        if (amount is null) errors["amount"] = ["Enter an amount above 0 with at most 2 decimals, e.g. 100.00."];
        if (request.Currency is not null && request.Currency != PaymentRequests.Currency) errors["currency"] = ["Only CNY can be topped up."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var customer = http.User.CustomerId()!.Value;
        var level = (await db.Customers.FindAsync([customer], ct))?.KycLevel ?? Customers.CustomerRow.DefaultKycLevel;
        var ceiling = limits.Value.For(level).PerTransactionMinor;
        if (amount > ceiling)
        {
            // The same limit object as a payment's refusal, so the app can say it in the reader's language.
            return TypedResults.Problem($"A single top-up is at most {PaymentRequests.FormatAmount(ceiling)} CNY at your verification level.",
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Over your limit",
                extensions: new Dictionary<string, object?> { ["limit"] = new LimitBreach("per_transaction", ceiling, 0, level) });
        }

        var claim = http.Features.Get<IdempotencyClaim>();
        var order = claim is { LeaseTakenOver: true } ? await EarlierRunAsync(db, customer, claim.Key, ct) : null;
        if (order is { ConfirmUrl: not null }) return Answer(order, customer);
        if (order is null)
        {
            var now = time.GetUtcNow();
            order = new PaymentOrderRow
            {
                Id = Guid.CreateVersion7(now), Kind = PaymentKinds.TopUp, CustomerId = customer, AmountMinor = amount!.Value,
                Currency = PaymentRequests.Currency, Channel = "web", PayerLabel = "Bank card", PayeeLabel = "Wallet",
                IpAddress = http.Connection.RemoteIpAddress?.ToString(), Status = PaymentStatuses.Created,
                PostTransferId = Guid.CreateVersion7(now), VoidTransferId = Guid.CreateVersion7(now), CreatedAt = now, UpdatedAt = now,
                IdempotencyKey = claim?.Key,
            };
            saga.Start(order);
            db.PaymentOrders.Add(order);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (claim is not null && ex.IsUniqueViolation(PaymentOrderRow.KeyedOrderIndex))
            {
                // Another run of this request (one that took the key over) created the order first: its charge is the
                // answer. Until it has one, a 5xx: the middleware records every other answer as final, and this one is not.
                db.ChangeTracker.Clear();
                return await db.PaymentOrders.AsNoTracking().KeyedAsync(customer, claim.Key, ct) is { ConfirmUrl: not null } first
                    ? Answer(first, customer)
                    : TypedResults.Problem("An earlier attempt of this top-up is still being created; retry shortly with the same key.",
                        statusCode: StatusCodes.Status503ServiceUnavailable, title: "Still being processed");
            }
        }

        Charge charge;
        try
        {
            // The acquirer knows the order id as the charge's idempotency key, so asking again for an earlier run's
            // order gets the charge that run may have created.
            charge = await acquirer.CreateChargeAsync(new CreateCharge(order.Id.ToString("D"), order.AmountMinor, order.Currency,
                "Jade wallet top-up", urls.ReturnFor(order.Id), urls.AcquirerNotifications), ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ChannelRefusedException)
        {
            logger.LogWarning("The acquirer did not create the charge for top-up {OrderId}: {Error}", order.Id, ex.Message);
            await ApplyLockedAsync(db, store, order.Id, o => saga.OnChargeNotCreated(o, ex is ChannelRefusedException ? "refused by the acquirer" : "acquirer unreachable"));
            return NothingCharged("The card payment service is not available right now; nothing was charged. Try again later.");
        }
        order = await ApplyLockedAsync(db, store, order.Id, o => saga.OnChargeCreated(o, charge));
        if (order.ConfirmUrl is null)
        {
            // The deadline failed the order while the acquirer took its time; the customer was never sent to pay.
            return NothingCharged("The card payment service took too long to answer; nothing was charged. Try again.");
        }
        logger.LogInformation("Top-up {OrderId} of {Amount} {Currency} created for {Customer}", order.Id, PaymentRequests.FormatAmount(order.AmountMinor),
            order.Currency, customer);
        return Answer(order, customer);
    }

    /// <summary>
    /// The order a run of this request created before its lease ran out, when it can still be answered with: its charge
    /// exists, or it is still waiting for one (the run died before the acquirer answered). An order failed before its
    /// charge was created gives the key back, and the retry starts a new top-up.
    /// </summary>
    private static async Task<PaymentOrderRow?> EarlierRunAsync(PaymentsDb db, Guid customer, string key, CancellationToken ct)
    {
        var earlier = await db.PaymentOrders.KeyedAsync(customer, key, ct);
        if (earlier is null or { ConfirmUrl: not null } or { Status: PaymentStatuses.Created }) return earlier;
        earlier.IdempotencyKey = null;
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>
    /// Applies the acquirer's answer to the order as it is now, locked: the deadline sweeper may have failed it while the
    /// acquirer took its time, and a stale copy saved over that would reopen a payment already announced as failed. An
    /// order left without a charge gives its key back: the 503 it answers releases the key, so the retry must be able to
    /// start a new top-up with it.
    /// </summary>
    private static async Task<PaymentOrderRow> ApplyLockedAsync(PaymentsDb db, SagaStore store, Guid orderId, Action<PaymentOrderRow> apply)
    {
        db.ChangeTracker.Clear();
        // Not the request's token: the charge exists or failed whether or not the customer is still waiting.
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var order = await store.LockAsync(orderId, CancellationToken.None) ?? throw new InvalidOperationException($"Top-up {orderId} is gone.");
        apply(order);
        if (order.ConfirmUrl is null) order.IdempotencyKey = null;
        await db.SaveChangesAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return order;
    }

    private static ProblemHttpResult NothingCharged(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Card payments unavailable");

    private static Created<TopUpView> Answer(PaymentOrderRow order, Guid customer) =>
        TypedResults.Created($"/api/payments/orders/{order.Id}", new TopUpView(PaymentView.Of(order, customer), order.ConfirmUrl!));
}
