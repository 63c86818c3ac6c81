using Jade.Payments.Customers;
using Jade.Payments.Incoming;
using Jade.Payments.Orders;
using Jade.Payments.Sagas;
using Jade.Persistence.Idempotency;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Partners;

/// <summary>A partner bank's credit to a Jade customer (pain.001-like): <see cref="Amount"/> is decimal text in major units.</summary>
public sealed record PartnerPaymentRequest(string? EndToEndId, string? Type, string? Amount, string? Currency, PartnerCreditor? Creditor, string? RemittanceInformation);

public sealed record PartnerCreditor(string? Email);

/// <summary>
/// A payment's status as ISO 20022 payment status reports (pain.002) say it: <c>ACTC</c> accepted after validation,
/// <c>ACSP</c> settlement in process, <c>ACSC</c> settled into the customer's wallet, <c>RJCT</c> rejected (with a
/// reason code).
/// </summary>
public sealed record PartnerPaymentStatus(
    Guid PaymentId, string EndToEndId, string Status, string? ReasonCode, string Amount, string Currency, string CreditorMaskedEmail,
    DateTimeOffset CreatedAt, DateTimeOffset? SettledAt);

public static class PartnerPayments
{
    public const string Credit = "credit";
    private static readonly System.ComponentModel.DataAnnotations.EmailAddressAttribute EmailCheck = new();

    public static IEndpointRouteBuilder MapPartnerPaymentEndpoints(this IEndpointRouteBuilder app)
    {
        var partner = app.MapGroup("/partner/v1/payments").WithTags("Partner payments")
            .RequireAuthorization(PaymentsAuthorization.PartnerPolicy)
            .RequireRateLimiting(PaymentsRateLimits.Partner);
        partner.MapPost("", InitiateAsync).WithName("PartnerInitiatePayment").RequireIdempotencyKey();
        partner.MapGet("/{id:guid}", StatusAsync).WithName("PartnerPaymentStatus");
        return app;
    }

    /// <summary>
    /// Credits a Jade customer from the partner's settlement account. Validation failures answer <c>400</c>; a creditor
    /// Jade does not know answers <c>422</c> with <c>paymentStatus: RJCT</c> and reason <c>AC01</c>; a repeated end-to-end id
    /// answers <c>409</c>. Nothing is written for any of them.
    /// </summary>
    internal static async Task<Results<Accepted<PartnerPaymentStatus>, ValidationProblem, ProblemHttpResult>> InitiateAsync(
        PartnerPaymentRequest request, PaymentsDb db, IncomingPaymentSaga saga, SagaStore store, HttpContext http, TimeProvider time,
        ILogger<PartnerPaymentRequest> logger, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.EndToEndId is not { Length: > 0 and <= 35 } e2e || e2e.Any(c => c is < ' ' or > '~'))
        {
            errors["endToEndId"] = ["endToEndId is 1 to 35 printable ASCII characters (ISO 20022 Max35Text)."];
        }
        if (request.Type != Credit) errors["type"] = ["type must be \"credit\": a credit to a Jade customer's wallet."];
        var amount = PaymentRequests.ParseAmount(request.Amount);
        if (amount is null) errors["amount"] = ["amount is decimal text above 0 with at most 2 decimals, e.g. \"100.00\"."];
        if (request.Currency != PaymentRequests.Currency) errors["currency"] = ["currency must be CNY."];
        if (request.Creditor?.Email is not { Length: > 0 and <= 256 } email || !EmailCheck.IsValid(email)) errors["creditor.email"] = ["creditor.email must be an e-mail address."];
        if (request.RemittanceInformation is { Length: > 140 }) errors["remittanceInformation"] = ["remittanceInformation is at most 140 characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var client = http.User.Subject()!;
        var creditorEmail = CustomerRow.Normalize(request.Creditor!.Email!);
        var creditor = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Email == creditorEmail, ct);
        if (creditor is null)
        {
            return TypedResults.Problem("No Jade customer uses this e-mail address.", statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Creditor account unknown", extensions: new Dictionary<string, object?> { ["paymentStatus"] = "RJCT", ["reasonCode"] = "AC01" });
        }
        if (await db.PaymentOrders.AnyAsync(o => o.PartnerClientId == client && o.PartnerReference == request.EndToEndId, ct))
        {
            return TypedResults.Problem($"endToEndId {request.EndToEndId} was already used by this partner.", statusCode: StatusCodes.Status409Conflict,
                title: "Duplicate end-to-end id");
        }

        var now = time.GetUtcNow();
        var order = new PaymentOrderRow
        {
            Id = Guid.CreateVersion7(now), Kind = PaymentKinds.PartnerCredit, CustomerId = creditor.Id, AmountMinor = amount!.Value,
            Currency = PaymentRequests.Currency, Memo = string.IsNullOrWhiteSpace(request.RemittanceInformation) ? null : request.RemittanceInformation.Trim(),
            Channel = "partner", PayerLabel = $"Partner bank {client}", PayeeLabel = EmailMask.Mask(creditorEmail), PartnerClientId = client,
            PartnerReference = request.EndToEndId, Status = PaymentStatuses.Accepted, IpAddress = http.Connection.RemoteIpAddress?.ToString(),
            PostTransferId = Guid.CreateVersion7(now), VoidTransferId = Guid.CreateVersion7(now), CreatedAt = now, UpdatedAt = now,
        };
        db.PaymentOrders.Add(order);
        store.Send(order, saga.StartCredit(order));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return TypedResults.Problem($"endToEndId {request.EndToEndId} was already used by this partner.", statusCode: StatusCodes.Status409Conflict,
                title: "Duplicate end-to-end id");
        }
        logger.LogInformation("Partner {Client} credit {OrderId} ({EndToEndId}) of {Amount} CNY to {Customer}", client, order.Id, order.PartnerReference,
            PaymentRequests.FormatAmount(order.AmountMinor), creditor.Id);
        return TypedResults.Accepted($"/partner/v1/payments/{order.Id}", StatusOf(order));
    }

    internal static async Task<Results<Ok<PartnerPaymentStatus>, NotFound>> StatusAsync(Guid id, PaymentsDb db, HttpContext http, CancellationToken ct)
    {
        var client = http.User.Subject();
        var order = await db.PaymentOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id && o.PartnerClientId == client, ct);
        return order is null ? TypedResults.NotFound() : TypedResults.Ok(StatusOf(order));
    }

    private static PartnerPaymentStatus StatusOf(PaymentOrderRow o)
    {
        var (status, reason) = o.Status switch
        {
            PaymentStatuses.Completed => ("ACSC", (string?)null),
            PaymentStatuses.Failed => ("RJCT", "NARR"),
            PaymentStatuses.Posting => ("ACSP", null),
            _ => ("ACTC", null),
        };
        return new(o.Id, o.PartnerReference!, status, reason, PaymentRequests.FormatAmount(o.AmountMinor), o.Currency, o.PayeeLabel, o.CreatedAt, o.CompletedAt);
    }
}
