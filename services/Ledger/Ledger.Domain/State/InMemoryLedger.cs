using Jade.Ledger.Domain.Accounts;
using Jade.Ledger.Domain.Transfers;
using Jade.Ledger.Domain.TwoPhase;

namespace Jade.Ledger.Domain.State;

/// <summary>
/// Dictionary-backed <see cref="ILedgerState"/> with an undo log for linked-chain rollback. It is the reference
/// model for the property tests and a fit for tests of anything built on the engine. Not thread-safe: the service
/// serialises access per batch through row locks, the model through single-threaded use.
/// </summary>
public sealed class InMemoryLedger : ILedgerState
{
    private readonly Dictionary<Guid, Account> _accounts = [];
    private readonly Dictionary<Guid, Transfer> _transfers = [];
    private readonly List<Transfer> _transferLog = [];
    private readonly Dictionary<Guid, PendingStatus> _pending = [];
    private readonly Dictionary<Guid, CreateTransferResult> _failed = [];
    private Stack<Action>? _undo;
    private long _lastTimestamp;

    public long LastTimestamp
    {
        get => _lastTimestamp;
        set
        {
            var old = _lastTimestamp;
            _undo?.Push(() => _lastTimestamp = old);
            _lastTimestamp = value;
        }
    }

    public IReadOnlyCollection<Account> Accounts => _accounts.Values;

    /// <summary>Created transfers in creation order.</summary>
    public IReadOnlyList<Transfer> Transfers => _transferLog;

    public IReadOnlyDictionary<Guid, CreateTransferResult> FailedTransferIds => _failed;

    public Account? FindAccount(Guid id) => _accounts.GetValueOrDefault(id);

    public Transfer? FindTransfer(Guid id) => _transfers.GetValueOrDefault(id);

    public bool HasFailed(Guid transferId) => _failed.ContainsKey(transferId);

    public PendingStatus GetPendingStatus(Guid pendingTransferId) =>
        _pending.GetValueOrDefault(pendingTransferId, PendingStatus.None);

    public IReadOnlyList<Transfer> PendingExpiringAtOrBefore(long now) =>
        [.. _pending.Where(p => p.Value == PendingStatus.Pending)
            .Select(p => _transfers[p.Key])
            .Where(t => t.ExpiresAt is { } e && e <= now)
            .OrderBy(t => t.ExpiresAt).ThenBy(t => t.Timestamp)];

    public void PutAccount(Account account)
    {
        if (_undo is { } undo)
        {
            var id = account.Id;
            if (_accounts.TryGetValue(id, out var before)) undo.Push(() => _accounts[id] = before);
            else undo.Push(() => _accounts.Remove(id));
        }
        _accounts[account.Id] = account;
    }

    public void InsertTransfer(Transfer transfer)
    {
        if (!_transfers.TryAdd(transfer.Id, transfer))
            throw new InvalidOperationException($"Transfer {transfer.Id} already exists.");
        _transferLog.Add(transfer);
        _undo?.Push(() =>
        {
            _transfers.Remove(transfer.Id);
            _transferLog.RemoveAt(_transferLog.Count - 1);
        });
    }

    public void SetPendingStatus(Guid pendingTransferId, PendingStatus status)
    {
        if (_undo is { } undo)
        {
            if (_pending.TryGetValue(pendingTransferId, out var before)) undo.Push(() => _pending[pendingTransferId] = before);
            else undo.Push(() => _pending.Remove(pendingTransferId));
        }
        _pending[pendingTransferId] = status;
    }

    public void RecordFailure(Guid transferId, CreateTransferResult result)
    {
        if (_undo is not null) throw new InvalidOperationException("Failures are recorded outside chain scopes.");
        _failed.TryAdd(transferId, result);
    }

    public void BeginScope()
    {
        if (_undo is not null) throw new InvalidOperationException("Scopes do not nest.");
        _undo = new Stack<Action>();
    }

    public void CommitScope() => _undo = null;

    public void RollbackScope()
    {
        var undo = _undo ?? throw new InvalidOperationException("No scope is open.");
        _undo = null;
        while (undo.Count > 0) undo.Pop()();
    }

    /// <summary>A deep-enough copy for "before/after" comparisons in tests (records are immutable).</summary>
    public IReadOnlyDictionary<Guid, Account> SnapshotAccounts() => new Dictionary<Guid, Account>(_accounts);
}
