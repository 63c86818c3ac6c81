namespace Jade.Contracts.Ledger;

// Facts the ledger publishes through its outbox for transfers made by saga commands. Amounts are minor units;
// Timestamp is the ledger timestamp (nanoseconds since the Unix epoch). v1.

/// <summary>Money moved in one step.</summary>
public sealed record TransferPosted(
    Guid TransferId, Guid DebitAccountId, Guid CreditAccountId, long Amount, string Currency, int Code, long Timestamp,
    string? Reference);

/// <summary>Money is held on the debit account; <paramref name="ExpiresAt"/> (ns) is null when the hold never expires.</summary>
public sealed record HoldPlaced(
    Guid HoldId, Guid DebitAccountId, Guid CreditAccountId, long Amount, string Currency, int Code, long Timestamp,
    long? ExpiresAt, string? Reference);

/// <summary>A hold was settled: <paramref name="Amount"/> moved (possibly less than held; the rest was released).</summary>
public sealed record HoldPosted(
    Guid TransferId, Guid HoldId, Guid DebitAccountId, Guid CreditAccountId, long Amount, string Currency, long Timestamp,
    string? Reference);

/// <summary>
/// A hold was released in full. <paramref name="Reason"/> is `voided` (by a void transfer, <paramref name="TransferId"/>)
/// or `expired` (its timeout passed; <paramref name="TransferId"/> is null).
/// </summary>
public sealed record HoldVoided(
    Guid? TransferId, Guid HoldId, Guid DebitAccountId, Guid CreditAccountId, long Amount, string Currency, string Reason,
    string? Reference);
