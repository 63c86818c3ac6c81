using Jade.Payments.Orders;
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
            .RequireAuthorization(PaymentsAuthorization.CustomerPolicy).AcceptIdempotencyKey();
        return app;
    }

    internal static async Task<Results<Ok<PaymentView>, NotFound, ProblemHttpResult>> CancelAsync(Guid id, PaymentsDb db, SagaStore store,
        HeldPaymentSaga saga, HttpContext http, CancellationToken ct)
    {
        var customer = http.User.CustomerId()!.Value;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Only the payer's own outgoing orders: a payee, and anyone else, learns nothing from the answer.
        if (await store.LockAsync(id, ct) is not { } order || order.CustomerId != customer || PaymentKinds.IsIncoming(order.Kind))
        {
            return TypedResults.NotFound();
        }
        if (saga.OnCancelled(order) is not { } commands)
        {
            return TypedResults.Problem($"Only a payment waiting for review can be cancelled; this one is {order.Status}.",
                statusCode: StatusCodes.Status409Conflict, title: "Not cancellable now", type: NotCancellableType);
        }
        store.Send(order, commands);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(PaymentView.Of(order, customer));
    }
}
