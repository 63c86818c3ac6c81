using System.Security.Cryptography;
using System.Text;
using Jade.Payments.Cards;
using Jade.Payments.Customers;
using Jade.Payments.HeldPayments;
using Jade.Payments.Incoming;
using Jade.Payments.Orders;
using Jade.Payments.Sagas;
using Jade.Persistence;
using Jade.Persistence.Idempotency;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Partners;

/// <summary>
/// A partner bank's payment instruction (pain.001-like): a <c>credit</c> to a Jade customer found by e-mail, or a
/// <c>payout</c> to a beneficiary's bank card through the payout rail, both settled against the partner's settlement
/// account. <see cref="Amount"/> is decimal text in major units.
/// </summary>
public sealed record PartnerPaymentRequest(string? EndToEndId, string? Type, string? Amount, string? Currency, PartnerCreditor? Creditor, string? RemittanceInformation);

/// <summary>The creditor: <see cref="Email"/> for a credit; <see cref="Name"/> and <see cref="CardNumber"/> for a payout.</summary>
public sealed record PartnerCreditor(string? Email, string? Name = null, string? CardNumber = null);

/// <summary>
/// A payment's status as ISO 20022 payment status reports (pain.002) say it (<see cref="PartnerStatuses"/>), with a
/// reason code for <c>RJCT</c> and <c>CANC</c>.
/// </summary>
public sealed record PartnerPaymentStatus(
    Guid PaymentId, string EndToEndId, string Type, string Status, string? ReasonCode, string Amount, string Currency,
    string? CreditorMaskedEmail, string? CreditorMaskedCard, DateTimeOffset CreatedAt, DateTimeOffset? SettledAt);

public static class PartnerPayments
{
    public const string Credit = "credit";
    public const string Payout = "payout";
    private static readonly System.ComponentModel.DataAnnotations.EmailAddressAttribute EmailCheck = new();

    public static IEndpointRouteBuilder MapPartnerPaymentEndpoints(this IEndpointRouteBuilder app)
    {
        var partner = app.MapGroup("/partner/v1/payments").WithTags("Partner payments")
            .RequireAuthorization(PaymentsAuthorization.PartnerPolicy)
            .RequireRateLimiting(PaymentsRateLimits.Partner)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        // 409 a repeated end-to-end id; 422 RJCT: unknown creditor (AC01), over the per-payment (AM02) or daily (AM14) limit.
        partner.MapPost("", InitiateAsync).WithName("PartnerInitiatePayment").RequireIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        partner.MapGet("", PartnerPaymentList.ListAsync).WithName("PartnerListPayments");
        partner.MapGet("/limits", PartnerLimits.ViewAsync).WithName("PartnerPaymentLimits");
        partner.MapGet("/{id:guid}", StatusAsync).WithName("PartnerPaymentStatus");
        // 409 RJCR: the payment is not waiting for review (any more).
        partner.MapPost("/{id:guid}/cancellation", PartnerCancellation.CancelAsync).WithName("PartnerCancelPayment").AcceptIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>
    /// Credits a Jade customer or pays out to a card, from the partner's settlement account. Validation failures answer
    /// <c>400</c>; a creditor Jade does not know answers <c>422</c> with <c>paymentStatus: RJCT</c> and reason <c>AC01</c>; an
    /// amount above the per-payment limit <c>422</c> with <c>AM02</c>, and one that would take the partner's day above its
    /// daily limit <c>422</c> with <c>AM14</c> (<see cref="PartnerLimits"/>); a repeated end-to-end id answers <c>409</c>.
    /// Nothing is written for any of them.
    /// </summary>
    internal static async Task<Results<Accepted<PartnerPaymentStatus>, ValidationProblem, ProblemHttpResult>> InitiateAsync(
        PartnerPaymentRequest request, PaymentsDb db, IncomingPaymentSaga incoming, HeldPaymentSaga held, SagaStore store,
        IConfiguration configuration, HttpContext http, TimeProvider time, ILogger<PartnerPaymentRequest> logger, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.EndToEndId is not { Length: > 0 and <= 35 } e2e || e2e.Any(c => c is < ' ' or > '~'))
        {
            errors["endToEndId"] = ["endToEndId is 1 to 35 printable ASCII characters (ISO 20022 Max35Text)."];
        }
        if (request.Type is not (Credit or Payout)) errors["type"] = ["type is \"credit\" (to a Jade customer's wallet) or \"payout\" (to a bank card)."];
        var amount = PaymentRequests.ParseAmount(request.Amount);
        if (amount is null) errors["amount"] = ["amount is decimal text above 0 with at most 2 decimals, e.g. \"100.00\"."];
        if (request.Currency != PaymentRequests.Currency) errors["currency"] = ["currency must be CNY."];
        if (request.RemittanceInformation is { } remittance && (remittance.Length > 140 || remittance.Any(FreeText.IsUnsafeInText)))
        {
            errors["remittanceInformation"] = ["remittanceInformation is at most 140 characters, without control characters."];
        }
        var card = request.Type == Payout ? ValidatePayee(request.Creditor, errors) : default;
        if (request.Type == Credit && (request.Creditor?.Email is not { Length: > 0 and <= 256 } email || email.Any(char.IsControl) || !EmailCheck.IsValid(email)))
        {
            errors["creditor.email"] = ["creditor.email must be an e-mail address."];
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var client = http.User.Subject()!;
        if (await db.PaymentOrders.AnyAsync(o => o.PartnerClientId == client && o.PartnerReference == request.EndToEndId, ct))
        {
            return DuplicateEndToEndId(request.EndToEndId!);
        }
        var limits = PartnerLimitSettings.From(configuration);
        if (amount > limits.PerPayment(request.Type!))
        {
            return Rejected($"A {request.Type} is at most {PaymentRequests.FormatAmount(limits.PerPayment(request.Type!))} CNY.",
                "Amount over the per-payment limit", "AM02");
        }
        CustomerRow? creditor = null;
        var creditorEmail = request.Type == Credit ? CustomerRow.Normalize(request.Creditor!.Email!) : null;
        if (creditorEmail is not null)
        {
            creditor = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Email == creditorEmail, ct);
            if (creditor is null)
            {
                return Rejected("No Jade customer uses this e-mail address.", "Creditor account unknown", "AC01");
            }
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await PartnerLimits.LockAsync(db, client, ct);
        var usedToday = await PartnerLimits.UsedTodayAsync(db, client, now, ct);
        if (usedToday + amount > limits.PerDayMinor)
        {
            return Rejected($"Today's payments would come to more than the daily limit of {PaymentRequests.FormatAmount(limits.PerDayMinor)} CNY; "
                + $"{PaymentRequests.FormatAmount(Math.Max(0, limits.PerDayMinor - usedToday))} CNY is left until midnight Beijing time.",
                "Amount over the daily limit", "AM14", new() { ["dailyLimit"] = PaymentRequests.FormatAmount(limits.PerDayMinor),
                    ["usedToday"] = PaymentRequests.FormatAmount(usedToday) });
        }
        PaymentOrderRow order;
        if (creditor is not null)
        {
            order = NewOrder(PaymentKinds.PartnerCredit, creditor.Id, null, EmailMask.Mask(creditorEmail!), null);
            store.Send(order, incoming.StartCredit(order));
        }
        else
        {
            var beneficiary = new BankCardRow
            {
                Id = Guid.CreateVersion7(now), CustomerId = PartyId(client), Number = card.Digits, HolderName = card.Holder,
                First6 = card.Digits[..6], Last4 = card.Digits[^4..], Length = card.Digits.Length, Label = request.EndToEndId, BoundAt = now,
            };
            db.BankCards.Add(beneficiary);
            order = NewOrder(PaymentKinds.PartnerPayout, beneficiary.CustomerId, card.Holder, beneficiary.Masked, beneficiary.Id);
            store.Send(order, held.Start(order));
        }
        db.PaymentOrders.Add(order);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(PaymentOrderRow.PartnerReferenceIndex))
        {
            return DuplicateEndToEndId(request.EndToEndId!);
        }
        logger.LogInformation("Partner {Client} {Type} {OrderId} ({EndToEndId}) of {Amount} CNY to {Creditor}", client, request.Type, order.Id,
            order.PartnerReference, PaymentRequests.FormatAmount(order.AmountMinor), order.PayeeLabel);
        return TypedResults.Accepted($"/partner/v1/payments/{order.Id}", StatusOf(order));

        PaymentOrderRow NewOrder(string kind, Guid owner, string? payeeName, string payeeLabel, Guid? cardId) => new()
        {
            Id = Guid.CreateVersion7(now), Kind = kind, CustomerId = owner, AmountMinor = amount!.Value, Currency = PaymentRequests.Currency,
            Memo = string.IsNullOrWhiteSpace(request.RemittanceInformation) ? null : request.RemittanceInformation.Trim(),
            Channel = "partner", PayerLabel = $"Partner bank {client}", PayeeLabel = payeeLabel, PayeeName = payeeName, BankCardId = cardId,
            PartnerClientId = client, PartnerReference = request.EndToEndId, Status = PaymentStatuses.Accepted,
            IpAddress = http.Connection.RemoteIpAddress?.ToString(),
            PostTransferId = Guid.CreateVersion7(now), VoidTransferId = Guid.CreateVersion7(now), CreatedAt = now, UpdatedAt = now,
        };
    }

    /// <summary>
    /// The owner id a partner's payouts are filed under: derived from its client id, so it is stable and can never be a
    /// customer's (customer ids are version-7 ids; this is a hash). No customer endpoint ever shows these orders.
    /// </summary>
    public static Guid PartyId(string clientId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"partner/{clientId}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private static (string Digits, string Holder) ValidatePayee(PartnerCreditor? creditor, Dictionary<string, string[]> errors)
    {
        var (digits, holder, _, cardErrors) = BankCardRequests.Validate(new BindCardRequest(creditor?.CardNumber, creditor?.Name, null));
        if (cardErrors.TryGetValue("cardNumber", out var number)) errors["creditor.cardNumber"] = number;
        if (cardErrors.TryGetValue("holderName", out var name)) errors["creditor.name"] = name;
        return (digits, holder);
    }

    private static ProblemHttpResult Rejected(string detail, string title, string reasonCode, Dictionary<string, object?>? extensions = null)
    {
        extensions ??= [];
        extensions["paymentStatus"] = PartnerStatuses.Rejected;
        extensions["reasonCode"] = reasonCode;
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: title, extensions: extensions);
    }

    private static ProblemHttpResult DuplicateEndToEndId(string endToEndId) => TypedResults.Problem(
        $"endToEndId {endToEndId} was already used by this partner.", statusCode: StatusCodes.Status409Conflict, title: "Duplicate end-to-end id");

    internal static async Task<Results<Ok<PartnerPaymentStatus>, NotFound>> StatusAsync(Guid id, PaymentsDb db, HttpContext http, CancellationToken ct)
    {
        var client = http.User.Subject();
        var order = await db.PaymentOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id && o.PartnerClientId == client, ct);
        return order is null ? TypedResults.NotFound() : TypedResults.Ok(StatusOf(order));
    }

    internal static PartnerPaymentStatus StatusOf(PaymentOrderRow o)
    {
        var (status, reason) = PartnerStatuses.Of(o);
        var payout = o.Kind == PaymentKinds.PartnerPayout;
        return new(o.Id, o.PartnerReference!, payout ? Payout : Credit, status, reason, PaymentRequests.FormatAmount(o.AmountMinor), o.Currency,
            payout ? null : o.PayeeLabel, payout ? o.PayeeLabel : null, o.CreatedAt, o.CompletedAt);
    }
}
