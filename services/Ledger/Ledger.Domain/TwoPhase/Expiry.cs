using Jade.Ledger.Domain.State;
using Jade.Ledger.Domain.Transfers;

namespace Jade.Ledger.Domain.TwoPhase;

/// <summary>
/// Releases holds whose timeout has passed, in expiry order, as TigerBeetle's background expiry does. A closing
/// hold that expires reopens its account, exactly like voiding it.
/// </summary>
internal static class Expiry
{
    public static IReadOnlyList<Guid> ExpireAt(ILedgerState state, long now)
    {
        var expired = state.PendingExpiringAtOrBefore(now);
        foreach (var p in expired)
        {
            var dr = state.FindAccount(p.DebitAccountId) ?? throw PostOrVoid.MissingAccount(p.DebitAccountId);
            var cr = state.FindAccount(p.CreditAccountId) ?? throw PostOrVoid.MissingAccount(p.CreditAccountId);
            state.PutAccount(PostOrVoid.Reopen(dr with { DebitsPending = checked(dr.DebitsPending - p.Amount) },
                p.Has(TransferFlags.ClosingDebit)));
            state.PutAccount(PostOrVoid.Reopen(cr with { CreditsPending = checked(cr.CreditsPending - p.Amount) },
                p.Has(TransferFlags.ClosingCredit)));
            state.SetPendingStatus(p.Id, PendingStatus.Expired);
        }
        return [.. expired.Select(p => p.Id)];
    }
}
