using Jade.Ledger.Domain.State;
using Jade.Ledger.Domain.TwoPhase;
using R = Jade.Ledger.Domain.Transfers.CreateTransferResult;
using F = Jade.Ledger.Domain.Transfers.TransferFlags;

namespace Jade.Ledger.Domain.Transfers;

/// <summary>
/// Validates one transfer through the checks common to every mode (imported, id, idempotency, flags), then hands
/// it to the single-phase/pending path or the post/void path. Validation finishes before the first write, so a
/// rejected item never touches the state.
/// </summary>
internal sealed class TransferCreation(ILedgerState state, long now, long baseTimestamp, bool batchImported)
{
    private const F KnownFlags = F.Linked | F.Pending | F.PostPendingTransfer | F.VoidPendingTransfer |
        F.BalancingDebit | F.BalancingCredit | F.ClosingDebit | F.ClosingCredit | F.Imported;

    public R Execute(Transfer t, int index)
    {
        var imported = t.Has(F.Imported);
        if (batchImported && !imported) return R.ImportedEventExpected;
        if (!batchImported && imported) return R.ImportedEventNotExpected;
        if (!imported && t.Timestamp != 0) return R.TimestampMustBeZero;
        if (imported && t.Timestamp <= 0) return R.ImportedEventTimestampOutOfRange;
        if (imported && t.Timestamp > now) return R.ImportedEventTimestampMustNotAdvance;
        if ((t.Flags & ~KnownFlags) != 0) return R.ReservedFlag;
        if (t.Id == Guid.Empty) return R.IdMustNotBeZero;
        if (state.FindTransfer(t.Id) is { } existing) return Idempotency.Compare(state, t, existing);
        if (state.HasFailed(t.Id)) return R.IdAlreadyFailed;
        if (AreMutuallyExclusive(t.Flags)) return R.FlagsAreMutuallyExclusive;

        var timestamp = imported ? t.Timestamp : checked(baseTimestamp + index);
        return t.IsPostOrVoid
            ? PostOrVoid.Execute(state, t, timestamp, now)
            : SinglePhase.Execute(state, t, timestamp);
    }

    internal static bool AreMutuallyExclusive(F flags)
    {
        bool Has(F f) => (flags & f) != 0;
        var resolving = Has(F.PostPendingTransfer) || Has(F.VoidPendingTransfer);
        if (Has(F.PostPendingTransfer) && Has(F.VoidPendingTransfer)) return true;
        if (Has(F.Pending) && resolving) return true;
        // Resolving a hold can never break a limit, so balancing/closing make no sense there.
        return resolving && Has(F.BalancingDebit | F.BalancingCredit | F.ClosingDebit | F.ClosingCredit);
    }

    /// <summary>Shared by both paths: imported transfers must keep the global timestamp order.</summary>
    internal static R CheckImportedTimestamps(ILedgerState state, Transfer t, long timestamp, Accounts.Account dr, Accounts.Account cr)
    {
        if (!t.Has(F.Imported)) return R.Ok;
        if (timestamp <= state.LastTimestamp) return R.ImportedEventTimestampMustNotRegress;
        if (timestamp <= dr.Timestamp) return R.ImportedEventTimestampMustPostdateDebitAccount;
        if (timestamp <= cr.Timestamp) return R.ImportedEventTimestampMustPostdateCreditAccount;
        // Imported holds are resolved by hand: no cluster clock drove their creation.
        if (t.TimeoutSeconds != 0) return R.ImportedEventTimeoutMustBeZero;
        return R.Ok;
    }

    internal static void Store(ILedgerState state, Transfer stored)
    {
        state.InsertTransfer(stored);
        if (stored.Has(F.Pending)) state.SetPendingStatus(stored.Id, PendingStatus.Pending);
        if (stored.Timestamp > state.LastTimestamp) state.LastTimestamp = stored.Timestamp;
    }
}
