using Jade.Ledger.Domain.Accounts;
using Jade.Ledger.Domain.Transfers;
using Jade.Ledger.Domain.TwoPhase;

namespace Jade.Ledger.Domain.State;

/// <summary>
/// The slice of ledger state the engine reads and writes. The PostgreSQL service implements it over a working set
/// (the locked accounts of a batch, the referenced pending transfers, the batch's ids looked up in the transfer and
/// failed-id tables) and writes the recorded changes set-based afterwards; <see cref="InMemoryLedger"/> implements it
/// over dictionaries and doubles as the reference model in tests.
/// Writes made between <see cref="BeginScope"/> and <see cref="RollbackScope"/> must vanish completely: that is how a
/// failed linked chain becomes invisible to later items of the batch.
/// </summary>
public interface ILedgerState
{
    /// <summary>The greatest timestamp assigned to any account or transfer (0 for an empty ledger).</summary>
    long LastTimestamp { get; set; }

    Account? FindAccount(Guid id);

    Transfer? FindTransfer(Guid id);

    /// <summary>Whether <paramref name="transferId"/> previously failed with a transient result.</summary>
    bool HasFailed(Guid transferId);

    PendingStatus GetPendingStatus(Guid pendingTransferId);

    /// <summary>Still-pending transfers whose expiry is at or before <paramref name="now"/>, by expiry then timestamp.</summary>
    IReadOnlyList<Transfer> PendingExpiringAtOrBefore(long now);

    /// <summary>Insert or replace (balances and the closed flag change).</summary>
    void PutAccount(Account account);

    void InsertTransfer(Transfer transfer);

    void SetPendingStatus(Guid pendingTransferId, PendingStatus status);

    /// <summary>Remember a transient failure. Never called inside a scope, so it survives chain rollback.</summary>
    void RecordFailure(Guid transferId, CreateTransferResult result);

    /// <summary>Start recording undo information (scopes do not nest: a linked chain is flat).</summary>
    void BeginScope();

    void CommitScope();

    void RollbackScope();
}
