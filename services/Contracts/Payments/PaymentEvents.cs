namespace Jade.Contracts.Payments;

/// <summary>
/// A payment order finished successfully. v1. <paramref name="Kind"/>: <c>topup</c>, <c>p2p</c>, <c>withdrawal</c>,
/// <c>partner_credit</c> or <c>partner_payout</c>. <paramref name="CustomerId"/> owns the order (the payer of a P2P
/// transfer, the credited customer of a partner credit); <paramref name="CounterpartyId"/> is the payee of a P2P transfer.
/// Labels are the masked names the customers saw. Partner orders carry the partner's client id and end-to-end id.
/// </summary>
public sealed record PaymentCompleted(
    Guid PaymentId, string Kind, Guid CustomerId, Guid? CounterpartyId, long AmountMinor, string Currency,
    string? PayerLabel, string? PayeeLabel, string? PartnerClientId, string? PartnerReference, DateTimeOffset CompletedAt);

/// <summary>
/// A payment order failed; any held money was released. v1. <paramref name="Reason"/> is the order's failure reason
/// (e.g. <c>insufficient_funds</c>, <c>risk_declined</c>); <paramref name="IsoReasonCode"/> the ISO 20022 reason a
/// partner sees (e.g. <c>RR04</c>), and <paramref name="IsoStatus"/> its status: <c>RJCT</c>, or <c>CANC</c> when the
/// payer (a partner) cancelled it — added in v1 with a default, so messages without it read as <c>RJCT</c>. Other
/// fields as in <see cref="PaymentCompleted"/>.
/// </summary>
public sealed record PaymentFailed(
    Guid PaymentId, string Kind, Guid CustomerId, Guid? CounterpartyId, long AmountMinor, string Currency,
    string? PayerLabel, string? PayeeLabel, string? PartnerClientId, string? PartnerReference, string Reason,
    string IsoReasonCode, DateTimeOffset FailedAt, string IsoStatus = "RJCT");
