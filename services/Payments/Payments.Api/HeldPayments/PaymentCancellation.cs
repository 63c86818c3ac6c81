using System.Text.Json;
using Jade.Payments.Orders;
using Jade.Persistence;
using Jade.Persistence.Idempotency;
using Jade.Payments.Sagas;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jade.Payments.HeldPayments;

/// <summary>
/// The payer may stop a transfer or withdrawal while it waits for a risk officer: the money is only held then, and
/// voiding the hold gives it back. The order row is locked as a saga reply would lock it, so the cancellation and an
/// officer's decision arriving at the same moment apply one after the other and the second finds the first's state.
/// </summary>
public static class PaymentCancellation
{
    public const string NotCancellableType = "https://jade.example/problems/payment-not-cancellable";

    public static IEndpointRouteBuilder MapPaymentCancellation(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/payments/orders/{id:guid}/cancel", CancelAsync).WithTags("Payment orders").WithName("CancelPayment")
            .RequireAuthorization(PaymentsAuthorization.CustomerPolicy).AcceptIdempotencyKey()
            // 409: the payment is not waiting for review (any more).
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    internal static async Task<Results<Ok<PaymentView>, NotFound, ProblemHttpResult>> CancelAsync(Guid id, PaymentsDb db, SagaStore store,
        HeldPaymentSaga saga, HttpContext http, TimeProvider time, CancellationToken ct)
    {
        var customer = http.User.CustomerId()!.Value;
        // Only the payer's own outgoing orders: a payee, and anyone else, learns nothing from the answer.
        var (outcome, order) = await TryCancelAsync(id, o => o.CustomerId == customer && !PaymentKinds.IsIncoming(o.Kind), _ => { },
            http, "payment.cancel", db, store, saga, time, ct);
        return outcome switch
        {
            CancelOutcome.Cancelled => TypedResults.Ok(PaymentView.Of(order!, customer)),
            CancelOutcome.NotCancellable => TypedResults.Problem($"Only a payment waiting for review can be cancelled; this one is {order!.Status}.",
                statusCode: StatusCodes.Status409Conflict, title: "Not cancellable now", type: NotCancellableType),
            _ => TypedResults.NotFound(),
        };
    }

    internal enum CancelOutcome { NotFound, NotCancellable, Cancelled }

    /// <summary>
    /// Cancels the order if <paramref name="isPayer"/> owns it and its saga can stop now, recording
    /// <paramref name="annotate"/>'s changes and an audit record of <paramref name="action"/> in the same transaction:
    /// releasing held money is a decision someone made. The order comes back unless it was not found.
    /// </summary>
    internal static async Task<(CancelOutcome Outcome, PaymentOrderRow? Order)> TryCancelAsync(Guid id, Func<PaymentOrderRow, bool> isPayer,
        Action<PaymentOrderRow> annotate, HttpContext http, string action, PaymentsDb db, SagaStore store, HeldPaymentSaga saga, TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await store.LockAsync(id, ct) is not { } order || !isPayer(order)) return (CancelOutcome.NotFound, null);
        var before = JsonSerializer.Serialize(new { order.Status, order.HoldStatus }, JsonSerializerOptions.Web);
        if (saga.OnCancelled(order) is not { } commands) return (CancelOutcome.NotCancellable, order);
        annotate(order);
        store.Send(order, commands);
        await db.AppendAuditAsync(AuditActor.Of(http), action, "payment_order", order.Id.ToString(), before,
            JsonSerializer.Serialize(new { order.Status, order.FailureReason, order.CancellationReason }, JsonSerializerOptions.Web), time.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (CancelOutcome.Cancelled, order);
    }
}
