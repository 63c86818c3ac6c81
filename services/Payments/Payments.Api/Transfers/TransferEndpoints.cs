using Jade.Payments.Customers;
using Jade.Payments.HeldPayments;
using Jade.Payments.Orders;
using Jade.Persistence.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Transfers;

public static class TransferEndpoints
{
    public static IEndpointRouteBuilder MapTransferEndpoints(this IEndpointRouteBuilder app)
    {
        // 403 wrong PIN, 404 unknown payee, 409 no PIN set yet, 422 over a limit, 423 PIN locked (the key's own refusals
        // come with RequireIdempotencyKey).
        app.MapPost("/api/payments/transfers", SendAsync).WithTags("Transfers").WithName("SendMoney")
            .RequireAuthorization(PaymentsAuthorization.CustomerPolicy)
            .RequireIdempotencyKey()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status423Locked);
        return app;
    }

    /// <summary>
    /// Accepts a transfer to another Jade customer and starts its saga: 202 with the order, whose status the caller
    /// follows. Nothing is written for a refused request except a wrong PIN's failure count.
    /// </summary>
    internal static async Task<Results<Accepted<PaymentView>, ValidationProblem, ProblemHttpResult>> SendAsync(
        TransferRequest request, PaymentsDb db, OutgoingPayment outgoing, HttpContext http, ILogger<TransferRequest> logger, CancellationToken ct)
    {
        var (amount, errors) = request.Validate();
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var payer = http.User.CustomerId()!.Value;
        if (await outgoing.AlreadyStartedAsync(payer, http, ct) is { } started) return OutgoingPayment.Accepted(started, payer);
        var payeeId = request.PayeeId!.Value;
        if (payeeId == payer)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["payeeId"] = ["You cannot send money to yourself."] });
        }
        var parties = await db.Customers.AsNoTracking().Where(c => c.Id == payeeId || c.Id == payer).ToListAsync(ct);
        var payee = parties.SingleOrDefault(c => c.Id == payeeId && c.Email is not null);
        if (payee is null)
        {
            return TypedResults.Problem("No Jade customer has this id.", statusCode: StatusCodes.Status404NotFound, title: "Unknown payee");
        }
        var (tx, refusal) = await outgoing.AuthorizeAsync(payer, request.Pin!, amount, ct);
        if (refusal is not null) return refusal;
        await using var _ = tx;

        var payerEmail = parties.SingleOrDefault(c => c.Id == payer)?.Email;
        var order = outgoing.NewOrder(PaymentKinds.PeerToPeer, payer, amount, request.Memo,
            new(payeeId, payerEmail is null ? "Jade customer" : EmailMask.Mask(payerEmail), EmailMask.Mask(payee.Email!)), http);
        order = await outgoing.StartAsync(order, tx!, ct);
        logger.LogInformation("Transfer {OrderId} of {Amount} {Currency} accepted from {Payer} to {Payee}",
            order.Id, PaymentRequests.FormatAmount(amount), order.Currency, payer, payeeId);
        return OutgoingPayment.Accepted(order, payer);
    }
}
