using System.Globalization;
using System.Text.Json;
using Jade.Contracts.Payments;
using Jade.Messaging;

namespace Jade.Notifications.Webhooks;

/// <summary>
/// Turns a partner's finished payment orders into webhooks: <c>payment.completed</c> (ISO 20022 status <c>ACSC</c>) and
/// <c>payment.failed</c> (<c>RJCT</c> with the reason code the partner sees, or <c>CANC</c> with the partner's own
/// cancellation reason). Payments of customers (no partner client id)
/// are not a partner's business and are ignored.
/// </summary>
internal sealed class PaymentCompletedWebhooks(WebhookDeliveryWriter writer) : IMessageHandler<PaymentCompleted>
{
    public Task HandleAsync(PaymentCompleted message, MessageContext context, CancellationToken cancellationToken) =>
        message.PartnerClientId is { Length: > 0 } client && PaymentWebhookBody.PaymentType(message.Kind) is { } paymentType
            ? writer.AddAsync(client, WebhookEventTypes.PaymentCompleted, context.MessageId, PaymentWebhookBody.Build(
                WebhookEventTypes.PaymentCompleted, message.CompletedAt, new PaymentWebhookData(message.PaymentId, message.PartnerReference,
                    paymentType, "ACSC", null, MinorUnits.Format(message.AmountMinor, message.Currency), message.Currency)), cancellationToken)
            : Task.CompletedTask;
}

internal sealed class PaymentFailedWebhooks(WebhookDeliveryWriter writer) : IMessageHandler<PaymentFailed>
{
    public Task HandleAsync(PaymentFailed message, MessageContext context, CancellationToken cancellationToken) =>
        message.PartnerClientId is { Length: > 0 } client && PaymentWebhookBody.PaymentType(message.Kind) is { } paymentType
            ? writer.AddAsync(client, WebhookEventTypes.PaymentFailed, context.MessageId, PaymentWebhookBody.Build(
                WebhookEventTypes.PaymentFailed, message.FailedAt, new PaymentWebhookData(message.PaymentId, message.PartnerReference,
                    paymentType, message.IsoStatus, message.IsoReasonCode, MinorUnits.Format(message.AmountMinor, message.Currency), message.Currency)), cancellationToken)
            : Task.CompletedTask;
}

/// <summary>The <c>data</c> of a payment webhook; <see cref="Amount"/> is decimal text in major units, e.g. <c>"12.34"</c>.</summary>
public sealed record PaymentWebhookData(
    Guid PaymentId, string? EndToEndId, string PaymentType, string Status, string? ReasonCode, string Amount, string Currency);

internal sealed record PaymentWebhookEnvelope(string Type, DateTime Timestamp, PaymentWebhookData Data);

internal static class PaymentWebhookBody
{
    /// <summary>The partner's word for the order kind; null for kinds no partner starts.</summary>
    public static string? PaymentType(string kind) => kind switch
    {
        "partner_credit" => "credit",
        "partner_payout" => "payout",
        _ => null,
    };

    /// <summary>The exact body: camelCase JSON, timestamp in UTC ISO 8601 (<c>…Z</c>), nulls written out.</summary>
    public static string Build(string type, DateTimeOffset occurredAt, PaymentWebhookData data) =>
        JsonSerializer.Serialize(new PaymentWebhookEnvelope(type, occurredAt.UtcDateTime, data), JsonSerializerOptions.Web);
}

/// <summary>Amounts from ledger minor units to decimal text, with the currency's ISO 4217 digits; never floating point.</summary>
internal static class MinorUnits
{
    public static int Digits(string currency) => currency.ToUpperInvariant() switch
    {
        "BIF" or "CLP" or "DJF" or "GNF" or "ISK" or "JPY" or "KMF" or "KRW" or "PYG" or "RWF" or "UGX" or "UYI" or "VND" or "VUV"
            or "XAF" or "XOF" or "XPF" => 0,
        "BHD" or "IQD" or "JOD" or "KWD" or "LYD" or "OMR" or "TND" => 3,
        _ => 2,
    };

    public static string Format(long minor, string currency)
    {
        var digits = Digits(currency);
        var scale = 1m;
        for (var i = 0; i < digits; i++) scale *= 10m;
        return (minor / scale).ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
