using Jade.Payments.HeldPayments;
using Jade.Payments.Orders;
using Jade.Payments.Pins;
using Jade.Persistence.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Withdrawals;

/// <summary>A withdrawal to one of the customer's bound cards; <see cref="Amount"/> is decimal text in major units.</summary>
public sealed record WithdrawalRequest(Guid? CardId, string? Amount, string? Currency, string? Pin)
{
    public (long AmountMinor, Dictionary<string, string[]> Errors) Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (CardId is null || CardId == Guid.Empty) errors["cardId"] = ["Choose the card to withdraw to."];
        var amount = PaymentRequests.ParseAmount(Amount);
        if (amount is null) errors["amount"] = ["Enter an amount above 0 with at most 2 decimals, e.g. 20.00."];
        if (Currency is not null && Currency != PaymentRequests.Currency) errors["currency"] = ["Only CNY can be withdrawn."];
        if (!PinRules.IsWellFormed(Pin)) errors["pin"] = ["Enter your 6-digit payment PIN."];
        return (amount ?? 0, errors);
    }
}

public static class WithdrawalEndpoints
{
    public static IEndpointRouteBuilder MapWithdrawalEndpoints(this IEndpointRouteBuilder app)
    {
        // 403 wrong PIN, 404 not one of the customer's bound cards, 409 no PIN set yet, 422 over a limit, 423 PIN locked.
        app.MapPost("/api/payments/withdrawals", WithdrawAsync).WithTags("Withdrawals").WithName("Withdraw")
            .RequireAuthorization(PaymentsAuthorization.CustomerPolicy)
            .RequireIdempotencyKey()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status423Locked);
        return app;
    }

    /// <summary>
    /// Accepts a withdrawal to a bound card: the money is held and screened (the card holder against sanctions lists),
    /// then paid out by the payout rail and posted once the rail confirms.
    /// </summary>
    internal static async Task<Results<Accepted<PaymentView>, ValidationProblem, ProblemHttpResult>> WithdrawAsync(
        WithdrawalRequest request, PaymentsDb db, OutgoingPayment outgoing, HttpContext http, ILogger<WithdrawalRequest> logger, CancellationToken ct)
    {
        var (amount, errors) = request.Validate();
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var customer = http.User.CustomerId()!.Value;
        if (await outgoing.AlreadyStartedAsync(customer, http, ct) is { } started) return OutgoingPayment.Accepted(started, customer);
        var card = await db.BankCards.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == request.CardId && c.CustomerId == customer && c.RemovedAt == null, ct);
        if (card is null)
        {
            return TypedResults.Problem("None of your bound cards has this id.", statusCode: StatusCodes.Status404NotFound, title: "Unknown card");
        }
        var (tx, refusal) = await outgoing.AuthorizeAsync(customer, request.Pin!, amount, ct);
        if (refusal is not null) return refusal;
        await using var _ = tx;

        var order = outgoing.NewOrder(PaymentKinds.Withdrawal, customer, amount, null,
            new(null, "", card.Masked, card.HolderName, card.Id), http);
        order = await outgoing.StartAsync(order, tx!, ct);
        logger.LogInformation("Withdrawal {OrderId} of {Amount} {Currency} accepted from {Customer} to card ending {Last4}",
            order.Id, PaymentRequests.FormatAmount(amount), order.Currency, customer, card.Last4);
        return OutgoingPayment.Accepted(order, customer);
    }
}
