namespace Jade.Ledger.Domain.Transfers;

/// <summary>Transfer flags; bit values follow TigerBeetle's.</summary>
[Flags]
public enum TransferFlags : ushort
{
    None = 0,
    Linked = 1 << 0,
    Pending = 1 << 1,
    PostPendingTransfer = 1 << 2,
    VoidPendingTransfer = 1 << 3,
    BalancingDebit = 1 << 4,
    BalancingCredit = 1 << 5,
    ClosingDebit = 1 << 6,
    ClosingCredit = 1 << 7,
    Imported = 1 << 8,
}

/// <summary>
/// An immutable movement of <see cref="Amount"/> minor units from one account to another. For post/void
/// transfers the account ids, currency and code may be left empty/zero and are taken from the pending transfer;
/// the stored transfer always carries the resolved values.
/// </summary>
public sealed record Transfer
{
    /// <summary>The idempotency key.</summary>
    public required Guid Id { get; init; }
    public Guid DebitAccountId { get; init; }
    public Guid CreditAccountId { get; init; }
    /// <summary>
    /// Minor units. Balancing transfers: the maximum to move. Post: the amount to post, where 0 or
    /// <see cref="long.MaxValue"/> means the full pending amount. Void: 0 or exactly the pending amount.
    /// </summary>
    public long Amount { get; init; }
    public string Currency { get; init; } = "";
    public ushort Code { get; init; }
    public TransferFlags Flags { get; init; }
    public Guid? PendingId { get; init; }
    /// <summary>Seconds after the pending transfer's timestamp at which it expires; 0 = never.</summary>
    public uint TimeoutSeconds { get; init; }
    public string? Metadata { get; init; }
    /// <summary>Engine-assigned nanoseconds; caller-assigned only with <see cref="TransferFlags.Imported"/>.</summary>
    public long Timestamp { get; init; }

    public bool Has(TransferFlags flag) => (Flags & flag) == flag;

    public bool IsPostOrVoid => (Flags & (TransferFlags.PostPendingTransfer | TransferFlags.VoidPendingTransfer)) != 0;

    /// <summary>Nanosecond instant at which a pending transfer expires, or null when it never does.</summary>
    public long? ExpiresAt => Has(TransferFlags.Pending) && TimeoutSeconds > 0
        ? checked(Timestamp + (TimeoutSeconds * TwoPhase.PendingStatusExtensions.NanosPerSecond))
        : null;
}
