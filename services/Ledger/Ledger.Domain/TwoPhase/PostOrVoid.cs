using Jade.Ledger.Domain.Accounts;
using Jade.Ledger.Domain.Results;
using Jade.Ledger.Domain.State;
using Jade.Ledger.Domain.Transfers;
using R = Jade.Ledger.Domain.Transfers.CreateTransferResult;
using F = Jade.Ledger.Domain.Transfers.TransferFlags;

namespace Jade.Ledger.Domain.TwoPhase;

/// <summary>
/// Resolves a hold. Posting moves the posted amount (≤ the held amount) from pending to posted and releases the
/// rest; voiding releases everything. Account ids, currency and code may be left empty/zero on the request and are
/// taken from the pending transfer.
/// </summary>
internal static class PostOrVoid
{
    /// <summary>A post amount that means "the full pending amount": 0 (TigerBeetle before 0.16) or the maximum.</summary>
    public static bool MeansFullAmount(long amount) => amount is 0 or long.MaxValue;

    public static R Execute(ILedgerState state, Transfer t, long timestamp, long now)
    {
        if (t.PendingId is not { } pendingId || pendingId == Guid.Empty) return R.PendingIdMustNotBeZero;
        if (pendingId == t.Id) return R.PendingIdMustBeDifferent;
        if (t.TimeoutSeconds != 0) return R.TimeoutReservedForPendingTransfer;
        if (t.Amount < 0) return R.AmountMustNotBeNegative;
        if (t.Currency.Length != 0 && !Currency.IsValid(t.Currency)) return R.CurrencyMustBeValid;
        if (state.FindTransfer(pendingId) is not { } p) return R.PendingTransferNotFound;
        if (!p.Has(F.Pending)) return R.PendingTransferNotPending;
        if (t.DebitAccountId != Guid.Empty && t.DebitAccountId != p.DebitAccountId) return R.PendingTransferHasDifferentDebitAccountId;
        if (t.CreditAccountId != Guid.Empty && t.CreditAccountId != p.CreditAccountId) return R.PendingTransferHasDifferentCreditAccountId;
        if (t.Currency.Length != 0 && !string.Equals(t.Currency, p.Currency, StringComparison.Ordinal))
            return R.PendingTransferHasDifferentCurrency;
        if (t.Code != 0 && t.Code != p.Code) return R.PendingTransferHasDifferentCode;

        var post = t.Has(F.PostPendingTransfer);
        if (post && !MeansFullAmount(t.Amount) && t.Amount > p.Amount) return R.ExceedsPendingTransferAmount;
        if (!post && t.Amount != 0 && t.Amount != p.Amount) return R.PendingTransferHasDifferentAmount;

        switch (state.GetPendingStatus(pendingId))
        {
            case PendingStatus.Posted: return R.PendingTransferAlreadyPosted;
            case PendingStatus.Voided: return R.PendingTransferAlreadyVoided;
            case PendingStatus.Expired: return R.PendingTransferExpired;
        }
        // Judged by the caller's clock even if no sweep has run yet: an expired hold can never be resolved.
        if (p.ExpiresAt is { } expiresAt && expiresAt <= now) return R.PendingTransferExpired;

        var dr = state.FindAccount(p.DebitAccountId) ?? throw MissingAccount(p.DebitAccountId);
        var cr = state.FindAccount(p.CreditAccountId) ?? throw MissingAccount(p.CreditAccountId);
        var imported = TransferCreation.CheckImportedTimestamps(state, t, timestamp, dr, cr);
        if (imported != R.Ok) return imported;
        // Voiding stays possible on a closed account: that is how a closing transfer is undone. Posting the
        // closing transfer itself is allowed too (it makes the closure final).
        if (post && dr.Has(AccountFlags.Closed) && !p.Has(F.ClosingDebit)) return R.DebitAccountAlreadyClosed;
        if (post && cr.Has(AccountFlags.Closed) && !p.Has(F.ClosingCredit)) return R.CreditAccountAlreadyClosed;

        // No overflow or limit check is needed: the held amount was already counted in both totals, and the
        // posted part is at most the held part.
        var amount = post ? (MeansFullAmount(t.Amount) ? p.Amount : t.Amount) : p.Amount;
        var posted = post ? amount : 0;
        var newDr = dr with { DebitsPending = checked(dr.DebitsPending - p.Amount), DebitsPosted = checked(dr.DebitsPosted + posted) };
        var newCr = cr with { CreditsPending = checked(cr.CreditsPending - p.Amount), CreditsPosted = checked(cr.CreditsPosted + posted) };
        if (!post)
        {
            newDr = Reopen(newDr, p.Has(F.ClosingDebit));
            newCr = Reopen(newCr, p.Has(F.ClosingCredit));
        }
        state.PutAccount(newDr);
        state.PutAccount(newCr);
        state.SetPendingStatus(pendingId, post ? PendingStatus.Posted : PendingStatus.Voided);
        TransferCreation.Store(state, t with
        {
            DebitAccountId = p.DebitAccountId,
            CreditAccountId = p.CreditAccountId,
            Currency = p.Currency,
            Code = p.Code,
            Amount = amount,
            Timestamp = timestamp,
        });
        return R.Ok;
    }

    internal static Account Reopen(Account account, bool closedByThisHold) =>
        closedByThisHold ? account with { Flags = account.Flags & ~AccountFlags.Closed } : account;

    internal static InvalidOperationException MissingAccount(Guid id) =>
        new($"Account {id} of a pending transfer is missing from the working set; the caller must load it.");
}
