namespace Jade.Ledger.Domain.Accounts;

/// <summary>Account flags; bit values follow TigerBeetle's so a future wire/DB mapping stays trivial.</summary>
[Flags]
public enum AccountFlags : ushort
{
    None = 0,
    /// <summary>Chains this event to the next one in the batch: they succeed or fail together.</summary>
    Linked = 1 << 0,
    /// <summary>debits_pending + debits_posted must stay ≤ credits_posted (a no-overdraft wallet).</summary>
    DebitsMustNotExceedCredits = 1 << 1,
    /// <summary>credits_pending + credits_posted must stay ≤ debits_posted.</summary>
    CreditsMustNotExceedDebits = 1 << 2,
    /// <summary>Keep point-in-time balances (the service stores them; the engine only carries the flag).</summary>
    History = 1 << 3,
    /// <summary>The caller supplies the timestamp (migration of historical data).</summary>
    Imported = 1 << 4,
    /// <summary>Set by a closing transfer; a closed account refuses new transfers.</summary>
    Closed = 1 << 5,
}

/// <summary>
/// A double-entry account. Balances only ever change through transfers; a create request must carry
/// zero balances. <see cref="Currency"/> plays TigerBeetle's <c>ledger</c> role: transfers only move
/// between accounts of one currency.
/// </summary>
public sealed record Account
{
    public required Guid Id { get; init; }
    public required string Currency { get; init; }
    public required ushort Code { get; init; }
    public Guid? OwnerId { get; init; }
    public AccountFlags Flags { get; init; }
    public long DebitsPending { get; init; }
    public long DebitsPosted { get; init; }
    public long CreditsPending { get; init; }
    public long CreditsPosted { get; init; }
    /// <summary>Opaque JSON owned by the caller; compared as a string for idempotency.</summary>
    public string? Metadata { get; init; }
    /// <summary>Engine-assigned (or, with <see cref="AccountFlags.Imported"/>, caller-assigned) nanoseconds.</summary>
    public long Timestamp { get; init; }

    public bool Has(AccountFlags flag) => (Flags & flag) == flag;
}
