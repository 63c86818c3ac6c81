using Jade.Ledger.Domain.State;
using Jade.Ledger.Domain.TwoPhase;
using R = Jade.Ledger.Domain.Transfers.CreateTransferResult;
using F = Jade.Ledger.Domain.Transfers.TransferFlags;

namespace Jade.Ledger.Domain.Transfers;

/// <summary>
/// Decides between <c>exists</c> and the first differing <c>exists_with_different_*</c> when a transfer id is
/// already stored. Fields a post/void may leave empty match the resolved stored value; amounts follow
/// TigerBeetle's rules for balancing and posting transfers, whose stored amount can differ from the request.
/// </summary>
internal static class Idempotency
{
    public static R Compare(ILedgerState state, Transfer t, Transfer e)
    {
        if (t.Flags != e.Flags) return R.ExistsWithDifferentFlags;
        if ((t.PendingId ?? Guid.Empty) != (e.PendingId ?? Guid.Empty)) return R.ExistsWithDifferentPendingId;
        if (t.TimeoutSeconds != e.TimeoutSeconds) return R.ExistsWithDifferentTimeout;
        var resolving = e.IsPostOrVoid;
        if (!SameOrInherited(t.DebitAccountId, e.DebitAccountId, resolving)) return R.ExistsWithDifferentDebitAccountId;
        if (!SameOrInherited(t.CreditAccountId, e.CreditAccountId, resolving)) return R.ExistsWithDifferentCreditAccountId;
        if (!SameAmount(state, t, e)) return R.ExistsWithDifferentAmount;
        if (!string.Equals(t.Metadata, e.Metadata, StringComparison.Ordinal)) return R.ExistsWithDifferentMetadata;
        if (!(resolving && t.Currency.Length == 0) && !string.Equals(t.Currency, e.Currency, StringComparison.Ordinal))
            return R.ExistsWithDifferentCurrency;
        if (!(resolving && t.Code == 0) && t.Code != e.Code) return R.ExistsWithDifferentCode;
        return R.Exists;
    }

    private static bool SameOrInherited(Guid requested, Guid stored, bool resolving) =>
        requested == stored || (resolving && requested == Guid.Empty);

    private static bool SameAmount(ILedgerState state, Transfer t, Transfer e)
    {
        if (e.Has(F.BalancingDebit) || e.Has(F.BalancingCredit))
            return t.Amount >= e.Amount; // the request's maximum still covers what actually moved
        if (e.Has(F.VoidPendingTransfer))
            return t.Amount == 0 || t.Amount == e.Amount;
        if (e.Has(F.PostPendingTransfer))
        {
            var held = state.FindTransfer(e.PendingId!.Value)?.Amount
                ?? throw new InvalidOperationException(
                    $"Pending transfer {e.PendingId} of stored post {e.Id} is missing from the working set.");
            // A partial post must be retried with its exact amount; a full post with "full" or anything ≥ the hold.
            return e.Amount < held
                ? t.Amount == e.Amount
                : PostOrVoid.MeansFullAmount(t.Amount) || t.Amount >= held;
        }
        return t.Amount == e.Amount;
    }
}
