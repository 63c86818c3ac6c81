namespace Jade.Ledger.Domain.TwoPhase;

/// <summary>Lifecycle of a pending transfer: it resolves at most once.</summary>
public enum PendingStatus
{
    /// <summary>Not a pending transfer (or unknown id).</summary>
    None,
    Pending,
    Posted,
    Voided,
    Expired,
}

public static class PendingStatusExtensions
{
    public const long NanosPerSecond = 1_000_000_000;
}
