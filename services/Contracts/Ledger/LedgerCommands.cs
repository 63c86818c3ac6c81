namespace Jade.Contracts.Ledger;

// Commands a saga sends to the ledger. Each names the ledger transfer it creates by TransferId, which is also its
// idempotency key: a redelivered or retried command answers `exists` and moves no money twice. The ledger answers
// every command with a LedgerCommandCompleted; a command that cannot be read (e.g. a negative timeout) is
// dead-lettered to the ledger's error queue. v1.

/// <summary>Moves <paramref name="Amount"/> minor units at once (single-phase).</summary>
public sealed record PostLedgerTransfer(
    Guid TransferId, Guid DebitAccountId, Guid CreditAccountId, long Amount, string Currency, ushort Code, string? Reference);

/// <summary>Reserves <paramref name="Amount"/> on the debit account until posted, voided, or <paramref name="TimeoutSeconds"/> pass (0 = never).</summary>
public sealed record PlaceLedgerHold(
    Guid TransferId, Guid DebitAccountId, Guid CreditAccountId, long Amount, string Currency, ushort Code, uint TimeoutSeconds,
    string? Reference);

/// <summary>Settles hold <paramref name="HoldId"/>: <paramref name="Amount"/> (null = all of it; must not be more than held) moves, the rest is released.</summary>
public sealed record PostLedgerHold(Guid TransferId, Guid HoldId, long? Amount, string? Reference);

/// <summary>Releases hold <paramref name="HoldId"/> in full.</summary>
public sealed record VoidLedgerHold(Guid TransferId, Guid HoldId, string? Reference);

/// <summary>
/// The ledger's answer to one command. <paramref name="Status"/> is the ledger result (`created`, `exists`,
/// `exceeds_credits`, `pending_transfer_expired`, …); <paramref name="Succeeded"/> is true for `created` and for `exists`
/// (the command had already been applied).
/// </summary>
public sealed record LedgerCommandCompleted(Guid TransferId, string Command, string Status, bool Succeeded, string? Reference);
