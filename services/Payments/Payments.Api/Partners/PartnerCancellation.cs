using Jade.Payments.HeldPayments;
using Jade.Payments.Sagas;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jade.Payments.Partners;

/// <summary>A partner's request to cancel a payment (camt.056-like), with an ISO 20022 cancellation reason.</summary>
public sealed record PartnerCancellationRequest(string? Reason);

/// <summary>
/// A partner may recall a payout while it waits for a risk officer, as a customer may cancel their withdrawal: the money
/// is only held on partner settlement then, and voiding the hold releases it. Once approved, the payout rail may already
/// be paying the card, so a later request is refused (camt.029's <c>RJCR</c>) with the payment's current status.
/// </summary>
public static class PartnerCancellation
{
    /// <summary>ISO 20022 cancellation reasons (ExternalCancellationReason1Code) a partner may give.</summary>
    public static readonly string[] Reasons = ["AGNT", "CURR", "CUST", "DUPL", "FRAD", "TECH", "UPAY"];

    public const string RejectedCancellation = "RJCR";

    internal static async Task<Results<Ok<PartnerPaymentStatus>, ValidationProblem, NotFound, ProblemHttpResult>> CancelAsync(Guid id,
        PartnerCancellationRequest? request, PaymentsDb db, SagaStore store, HeldPaymentSaga saga, HttpContext http, TimeProvider time,
        ILogger<PartnerCancellationRequest> logger, CancellationToken ct)
    {
        if (request?.Reason is not { } reason || !Reasons.Contains(reason))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["reason"] = [$"reason is an ISO 20022 cancellation reason: {string.Join(", ", Reasons)}."],
            });
        }
        var client = http.User.Subject();
        var (outcome, order) = await PaymentCancellation.TryCancelAsync(id, o => o.PartnerClientId == client,
            o => o.CancellationReason = reason, http, "partner_payment.cancel", db, store, saga, time, ct);
        switch (outcome)
        {
            case PaymentCancellation.CancelOutcome.Cancelled:
                logger.LogInformation("Partner {Client} cancelled {OrderId} ({EndToEndId}): {Reason}", client, order!.Id, order.PartnerReference, reason);
                return TypedResults.Ok(PartnerPayments.StatusOf(order));
            case PaymentCancellation.CancelOutcome.NotCancellable:
                var (status, statusReason) = PartnerStatuses.Of(order!);
                return TypedResults.Problem("Only a payout waiting for review can be cancelled; this payment is " + status + ".",
                    statusCode: StatusCodes.Status409Conflict, title: "Cancellation rejected", type: PaymentCancellation.NotCancellableType,
                    extensions: new Dictionary<string, object?>
                    {
                        ["cancellationStatus"] = RejectedCancellation, ["paymentStatus"] = status, ["reasonCode"] = statusReason,
                    });
            default:
                return TypedResults.NotFound();
        }
    }
}
