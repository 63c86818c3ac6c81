namespace Jade.Payments.Channels;

// The channels' JSON (camelCase). Amounts are minor units; references are Jade's order ids, which are also the
// Idempotency-Key of the request that creates the charge, refund or payout (each kind has keys of its own).

/// <summary>POST /acquiring/v1/charges: take money from a card the customer confirms on the acquirer's page.</summary>
public sealed record CreateCharge(string Reference, long Amount, string Currency, string Description, string ReturnUrl, string NotifyUrl);

/// <summary>A charge: <see cref="Status"/> is <c>pending</c>, <c>succeeded</c>, <c>failed</c> or <c>expired</c>.</summary>
public sealed record Charge(
    string ChargeId, string Reference, string Status, long Amount, string Currency, string ConfirmUrl, string? FailureCode, string? CardLast4,
    DateTimeOffset CreatedAt, DateTimeOffset? SettledAt);

/// <summary>POST /acquiring/v1/refunds: give a succeeded charge's money back to the card it came from, in full.</summary>
public sealed record CreateRefund(string ChargeId, string Reference, long Amount, string Currency, string Reason, string NotifyUrl);

/// <summary>A refund: <see cref="Status"/> is <c>processing</c>, <c>succeeded</c> or <c>failed</c>.</summary>
public sealed record Refund(
    string RefundId, string ChargeId, string Reference, string Status, long Amount, string Currency, string? FailureCode,
    DateTimeOffset CreatedAt, DateTimeOffset? SettledAt);

/// <summary>POST /payouts/v1/payouts: pay money out to a bank card.</summary>
public sealed record CreatePayout(string Reference, long Amount, string Currency, string CardNumber, string HolderName, string NotifyUrl);

/// <summary>A payout: <see cref="Status"/> is <c>processing</c>, <c>succeeded</c> or <c>failed</c>.</summary>
public sealed record Payout(
    string PayoutId, string Reference, string Status, long Amount, string Currency, string CardLast4, string? FailureCode,
    DateTimeOffset CreatedAt, DateTimeOffset? SettledAt);

/// <summary>
/// A signed notification to Jade's notify URL. <see cref="Type"/>: <c>charge.succeeded</c>, <c>charge.failed</c>,
/// <c>charge.expired</c>, <c>refund.succeeded</c>, <c>refund.failed</c>, <c>payout.succeeded</c>, <c>payout.failed</c>. <see cref="Id"/> is unique per event and repeated
/// on every redelivery of it.
/// </summary>
public sealed record ChannelNotification(
    string Id, string Type, string ObjectId, string Reference, string Status, long Amount, string Currency, string? FailureCode,
    DateTimeOffset OccurredAt);

/// <summary>GET …/v1/statements?date=yyyy-MM-dd: what the channel settled that day (UTC), for reconciliation.</summary>
public sealed record Statement(DateOnly Date, IReadOnlyList<StatementLine> Lines);

/// <summary>One settled object; <see cref="Kind"/> is <c>charge</c>, <c>refund</c> (money back to the card) or <c>payout</c>.</summary>
public sealed record StatementLine(string ObjectId, string Reference, string Kind, long Amount, string Currency, DateTimeOffset SettledAt);

public static class StatementKinds
{
    public const string Charge = "charge";
    public const string Refund = "refund";
    public const string Payout = "payout";
}

public static class ChannelStatuses
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Expired = "expired";
}
