using Jade.Messaging;
using Jade.Payments.Customers;
using Jade.Payments.Limits;
using Jade.Payments.Orders;
using Jade.Payments.Pins;
using Jade.Persistence.Idempotency;
using Jade.Contracts.Ledger;
using Jade.Contracts.Risk;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Transfers;

public static class TransferEndpoints
{
    public const string DeviceHeader = "X-Device-Id";

    public static IServiceCollection AddPeerToPeerTransfers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SagaOptions>().Bind(configuration.GetSection("Payments:Saga"));
        services.AddOptions<LimitOptions>().Bind(configuration.GetSection("Payments:Limits"));
        services.AddSingleton<PeerToPeerSaga>();
        services.AddScoped<SagaStore>();
        services.AddScoped<PaymentLimits>();
        services.AddHostedService<SagaDeadlines>();
        return services
            .AddMessageHandler<LedgerCommandCompleted, LedgerReplyHandler>()
            .AddMessageHandler<TransactionScreened, ScreeningReplyHandler>()
            .AddMessageHandler<CaseResolved, CaseResolvedHandler>();
    }

    public static IEndpointRouteBuilder MapTransferEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/payments/transfers", SendAsync).WithTags("Transfers").WithName("SendMoney")
            .RequireAuthorization(PaymentsAuthorization.CustomerPolicy)
            .RequireIdempotencyKey();
        return app;
    }

    /// <summary>
    /// Accepts a transfer to another Jade customer and starts its saga: 202 with the order, whose status the caller
    /// follows. Nothing is written for a refused request except a wrong PIN's failure count.
    /// </summary>
    internal static async Task<Results<Accepted<PaymentView>, ValidationProblem, ProblemHttpResult>> SendAsync(
        TransferRequest request, PaymentsDb db, PinGuard pins, PaymentLimits limits, PeerToPeerSaga saga, SagaStore store,
        HttpContext http, TimeProvider time, ILogger<TransferRequest> logger, CancellationToken ct)
    {
        var (amount, errors) = request.Validate();
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var payer = http.User.CustomerId()!.Value;
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
        if (PinEndpoints.Refusal(await pins.CheckAsync(payer, request.Pin!, ct)) is { } refused) return refused;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await limits.CheckAsync(payer, amount, ct) is { } breach)
        {
            return TypedResults.Problem(
                $"This payment would pass your {(breach.Which == "per_day" ? "daily" : "per-payment")} limit of {PaymentRequests.FormatAmount(breach.LimitMinor)} CNY"
                + (breach.Which == "per_day" ? $" ({PaymentRequests.FormatAmount(breach.UsedMinor)} already used today)." : ".")
                + (breach.KycLevel < 2 ? " Verify your identity to raise it." : ""),
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Over your limit",
                extensions: new Dictionary<string, object?> { ["limit"] = breach });
        }
        var now = time.GetUtcNow();
        var payerEmail = parties.SingleOrDefault(c => c.Id == payer)?.Email;
        var order = new PaymentOrderRow
        {
            Id = Guid.CreateVersion7(now), Kind = PaymentKinds.PeerToPeer, CustomerId = payer, CounterpartyId = payeeId,
            PayerLabel = payerEmail is null ? "Jade customer" : EmailMask.Mask(payerEmail), PayeeLabel = EmailMask.Mask(payee.Email!),
            AmountMinor = amount, Currency = PaymentRequests.Currency, Memo = string.IsNullOrWhiteSpace(request.Memo) ? null : request.Memo.Trim(),
            Channel = "web", DeviceId = DeviceOf(http), IpAddress = http.Connection.RemoteIpAddress?.ToString(),
            Status = PaymentStatuses.Accepted, PostTransferId = Guid.CreateVersion7(now), VoidTransferId = Guid.CreateVersion7(now),
            CreatedAt = now, UpdatedAt = now,
        };
        db.PaymentOrders.Add(order);
        store.Send(order, saga.Start(order));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Transfer {OrderId} of {Amount} {Currency} accepted from {Payer} to {Payee}",
            order.Id, PaymentRequests.FormatAmount(amount), order.Currency, payer, payeeId);
        return TypedResults.Accepted($"/api/payments/orders/{order.Id}", PaymentView.Of(order, payer));
    }

    private static string? DeviceOf(HttpContext http) =>
        http.Request.Headers[DeviceHeader].ToString() is { Length: > 0 and <= 100 } device ? device : null;
}
