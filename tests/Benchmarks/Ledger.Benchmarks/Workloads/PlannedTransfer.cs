namespace Jade.Ledger.Benchmarks.Workloads;

public enum TransferKind
{
    Single,
    Pending,
    Post,
    Void,
}

/// <summary>
/// One transfer every system executes identically. For <see cref="TransferKind.Post"/> and <see cref="TransferKind.Void"/>
/// the accounts and amount repeat the pending transfer's, so a baseline need not look them up to know what it locks.
/// </summary>
public sealed record PlannedTransfer(Guid Id, Guid Debit, Guid Credit, long Amount, TransferKind Kind, Guid? PendingId = null);

/// <summary>An account of the workload; <see cref="Funds"/> is credited to it before any timing starts.</summary>
public sealed record BenchAccount(Guid Id, bool NoOverdraft, long Funds);

/// <summary>What one caller sends in one request: a single transfer (W2-W4) or a batch of up to 8,190 (W1).</summary>
public sealed record Request(IReadOnlyList<PlannedTransfer> Transfers);

/// <summary>
/// Requests run as one timed phase: all of a phase completes before the next starts (W4 posts only after its holds exist).
/// </summary>
public sealed record Phase(IReadOnlyList<Request> Requests);
