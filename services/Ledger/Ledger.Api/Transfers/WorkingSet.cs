using System.Text.Json.Nodes;
using Jade.Ledger.Domain.Accounts;
using Jade.Ledger.Domain.State;
using Jade.Ledger.Domain.Transfers;
using Jade.Ledger.Domain.TwoPhase;

namespace Jade.Ledger.Transfers;

/// <summary>
/// The slice of the ledger one batch may touch (its locked accounts, the referenced and expiring pending transfers,
/// the batch's ids found in the transfer and failed-id tables), held in an <see cref="InMemoryLedger"/> seeded from
/// the loaded rows. After the engine ran, the differences against the seed are what the batch writes.
/// </summary>
internal sealed class WorkingSet(long lastTimestamp) : ILedgerState
{
    private readonly InMemoryLedger _inner = new() { LastTimestamp = lastTimestamp };
    private readonly Dictionary<Guid, Account> _seedAccounts = [];
    private readonly Dictionary<Guid, PendingStatus> _seedPending = [];
    private readonly HashSet<Guid> _seedFailed = [];
    private readonly HashSet<Guid> _announcedHolds = [];
    private int _seedTransfers;

    public void SeedAccount(Account account)
    {
        _inner.PutAccount(account);
        _seedAccounts[account.Id] = account;
    }

    public void SeedTransfer(Transfer transfer, PendingStatus status, bool announced = false)
    {
        if (_inner.FindTransfer(transfer.Id) is not null) return;
        if (announced) _announcedHolds.Add(transfer.Id);
        _inner.InsertTransfer(transfer);
        _seedTransfers++;
        if (status != PendingStatus.None)
        {
            _inner.SetPendingStatus(transfer.Id, status);
            _seedPending[transfer.Id] = status;
        }
    }

    public void SeedFailure(Guid id, CreateTransferResult result)
    {
        _inner.RecordFailure(id, result);
        _seedFailed.Add(id);
    }

    public Account? FindSeededAccount(Guid id) => _seedAccounts.GetValueOrDefault(id);

    public Transfer? FindSeededTransfer(Guid id) => _inner.FindTransfer(id);

    public IEnumerable<Account> NewAccounts() => _inner.Accounts.Where(a => !_seedAccounts.ContainsKey(a.Id));

    public IEnumerable<Account> ChangedAccounts() =>
        _inner.Accounts.Where(a => _seedAccounts.TryGetValue(a.Id, out var before) && before != a);

    public IEnumerable<Transfer> NewTransfers() => _inner.Transfers.Skip(_seedTransfers);

    /// <summary>Pending statuses that differ from the seed (new holds and resolved ones).</summary>
    public IEnumerable<(Transfer Transfer, PendingStatus Status)> ChangedPendingStatuses() =>
        _inner.Transfers.Where(t => t.Has(TransferFlags.Pending))
            .Select(t => (t, _inner.GetPendingStatus(t.Id)))
            .Where(p => p.Item2 != _seedPending.GetValueOrDefault(p.t.Id, PendingStatus.None));

    /// <summary>Holds placed through a saga command that expired in this batch: their release is announced.</summary>
    public IEnumerable<Transfer> ExpiredAnnouncedHolds() =>
        ChangedPendingStatuses().Where(p => p.Status == PendingStatus.Expired && _announcedHolds.Contains(p.Transfer.Id)).Select(p => p.Transfer);

    public IEnumerable<KeyValuePair<Guid, CreateTransferResult>> NewFailures() =>
        _inner.FailedTransferIds.Where(f => !_seedFailed.Contains(f.Key));

    /// <summary>
    /// Stored metadata comes back from jsonb re-formatted; a retry carrying the same JSON must still read as the same
    /// item, so semantically equal metadata is replaced by the stored text before the engine compares strings.
    /// </summary>
    public static string? AlignMetadata(string? requested, string? stored)
    {
        if (requested is null || stored is null || requested == stored) return requested;
        return JsonNode.DeepEquals(JsonNode.Parse(requested), JsonNode.Parse(stored)) ? stored : requested;
    }

    public long LastTimestamp { get => _inner.LastTimestamp; set => _inner.LastTimestamp = value; }
    public Account? FindAccount(Guid id) => _inner.FindAccount(id);
    public Transfer? FindTransfer(Guid id) => _inner.FindTransfer(id);
    public bool HasFailed(Guid transferId) => _inner.HasFailed(transferId);
    public PendingStatus GetPendingStatus(Guid pendingTransferId) => _inner.GetPendingStatus(pendingTransferId);
    public IReadOnlyList<Transfer> PendingExpiringAtOrBefore(long now) => _inner.PendingExpiringAtOrBefore(now);
    public void PutAccount(Account account) => _inner.PutAccount(account);
    public void InsertTransfer(Transfer transfer) => _inner.InsertTransfer(transfer);
    public void SetPendingStatus(Guid pendingTransferId, PendingStatus status) => _inner.SetPendingStatus(pendingTransferId, status);
    public void RecordFailure(Guid transferId, CreateTransferResult result) => _inner.RecordFailure(transferId, result);
    public void BeginScope() => _inner.BeginScope();
    public void CommitScope() => _inner.CommitScope();
    public void RollbackScope() => _inner.RollbackScope();
}
