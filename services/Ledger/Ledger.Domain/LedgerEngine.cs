using Jade.Ledger.Domain.Accounts;
using Jade.Ledger.Domain.Linked;
using Jade.Ledger.Domain.Results;
using Jade.Ledger.Domain.State;
using Jade.Ledger.Domain.Transfers;
using Jade.Ledger.Domain.TwoPhase;

namespace Jade.Ledger.Domain;

/// <summary>
/// The ledger's rules with TigerBeetle's semantics, free of IO. The caller owns the clock (<c>nowNanos</c>,
/// nanoseconds since the Unix epoch; the database clock in the service) and the state.
/// Items are applied in order; every item gets a result. Timestamps are strictly increasing across accounts and
/// transfers: item <c>i</c> of a batch gets <c>max(now, last + 1) + i</c>, imported items keep their own.
/// </summary>
public static class LedgerEngine
{
    private static readonly ChainResults<CreateAccountResult> AccountChain = new(
        CreateAccountResult.Ok, CreateAccountResult.LinkedEventFailed, CreateAccountResult.LinkedEventChainOpen);

    private static readonly ChainResults<CreateTransferResult> TransferChain = new(
        CreateTransferResult.Ok, CreateTransferResult.LinkedEventFailed, CreateTransferResult.LinkedEventChainOpen);

    public static IReadOnlyList<ItemResult<CreateAccountResult>> CreateAccounts(
        ILedgerState state, IReadOnlyList<Account> accounts, long nowNanos)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(accounts);
        if (accounts.Count == 0) return [];

        // The first item decides whether the whole batch is an import (TigerBeetle forbids mixing).
        var creation = new AccountCreation(state, nowNanos, BaseTimestamp(state, nowNanos),
            accounts[0].Has(AccountFlags.Imported));
        var results = ChainRunner.Run(state, accounts.Count,
            i => accounts[i].Has(AccountFlags.Linked),
            i => creation.Execute(accounts[i], i),
            AccountChain,
            static (_, _) => { });
        return [.. results.Select((r, i) => new ItemResult<CreateAccountResult>(i, accounts[i].Id, r))];
    }

    public static IReadOnlyList<ItemResult<CreateTransferResult>> CreateTransfers(
        ILedgerState state, IReadOnlyList<Transfer> transfers, long nowNanos)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(transfers);
        if (transfers.Count == 0) return [];

        // Holds that have expired by now are released before any limit is judged, so an expired hold never
        // blocks a transfer even if no sweeper has run.
        Expiry.ExpireAt(state, nowNanos);

        var creation = new TransferCreation(state, nowNanos, BaseTimestamp(state, nowNanos),
            transfers[0].Has(TransferFlags.Imported));
        var results = ChainRunner.Run(state, transfers.Count,
            i => transfers[i].Has(TransferFlags.Linked),
            i => creation.Execute(transfers[i], i),
            TransferChain,
            (i, result) =>
            {
                if (result.IsTransient()) state.RecordFailure(transfers[i].Id, result);
            });
        return [.. results.Select((r, i) => new ItemResult<CreateTransferResult>(i, transfers[i].Id, r))];
    }

    /// <summary>
    /// Expires every still-pending transfer whose expiry (timestamp + timeout) is at or before <paramref name="nowNanos"/>,
    /// releasing its held amounts (and reopening accounts closed by it). Returns the expired ids in expiry order.
    /// </summary>
    public static IReadOnlyList<Guid> ExpirePendingTransfers(ILedgerState state, long nowNanos)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Expiry.ExpireAt(state, nowNanos);
    }

    private static long BaseTimestamp(ILedgerState state, long nowNanos) =>
        Math.Max(nowNanos, checked(state.LastTimestamp + 1));
}
