using Jade.Ledger.Domain.Accounts;
using Jade.Ledger.Domain.Results;
using Jade.Ledger.Domain.State;
using Jade.Ledger.Domain.TwoPhase;
using R = Jade.Ledger.Domain.Transfers.CreateTransferResult;
using F = Jade.Ledger.Domain.Transfers.TransferFlags;

namespace Jade.Ledger.Domain.Transfers;

/// <summary>Single-phase and pending (hold) transfers, including balancing and closing ones.</summary>
internal static class SinglePhase
{
    public static R Execute(ILedgerState state, Transfer t, long timestamp)
    {
        if (t.DebitAccountId == Guid.Empty) return R.DebitAccountIdMustNotBeZero;
        if (t.CreditAccountId == Guid.Empty) return R.CreditAccountIdMustNotBeZero;
        if (t.DebitAccountId == t.CreditAccountId) return R.AccountsMustBeDifferent;
        if (t.PendingId is { } pid && pid != Guid.Empty) return R.PendingIdMustBeZero;
        var pending = t.Has(F.Pending);
        if (!pending && t.TimeoutSeconds != 0) return R.TimeoutReservedForPendingTransfer;
        if (!pending && (t.Flags & (F.ClosingDebit | F.ClosingCredit)) != 0) return R.ClosingTransferMustBePending;
        if (t.Amount < 0) return R.AmountMustNotBeNegative;
        if (!Currency.IsValid(t.Currency)) return R.CurrencyMustBeValid;
        if (t.Code == 0) return R.CodeMustNotBeZero;
        if (state.FindAccount(t.DebitAccountId) is not { } dr) return R.DebitAccountNotFound;
        if (state.FindAccount(t.CreditAccountId) is not { } cr) return R.CreditAccountNotFound;
        if (!string.Equals(dr.Currency, cr.Currency, StringComparison.Ordinal)) return R.AccountsMustHaveTheSameCurrency;
        if (!string.Equals(t.Currency, dr.Currency, StringComparison.Ordinal)) return R.TransferMustHaveTheSameCurrencyAsAccounts;
        var imported = TransferCreation.CheckImportedTimestamps(state, t, timestamp, dr, cr);
        if (imported != R.Ok) return imported;
        if (dr.Has(AccountFlags.Closed)) return R.DebitAccountAlreadyClosed;
        if (cr.Has(AccountFlags.Closed)) return R.CreditAccountAlreadyClosed;

        var amount = Balancing.Clamp(t, dr, cr);
        var limit = Limits.Check(t, dr, cr, amount, timestamp);
        if (limit != R.Ok) return limit;

        var closed = AccountFlags.Closed;
        var newDr = pending
            ? dr with { DebitsPending = dr.DebitsPending + amount }
            : dr with { DebitsPosted = dr.DebitsPosted + amount };
        var newCr = pending
            ? cr with { CreditsPending = cr.CreditsPending + amount }
            : cr with { CreditsPosted = cr.CreditsPosted + amount };
        if (t.Has(F.ClosingDebit)) newDr = newDr with { Flags = newDr.Flags | closed };
        if (t.Has(F.ClosingCredit)) newCr = newCr with { Flags = newCr.Flags | closed };
        state.PutAccount(newDr);
        state.PutAccount(newCr);
        // The stored amount is what actually moved (balancing may have clamped it).
        TransferCreation.Store(state, t with { Amount = amount, PendingId = null, Timestamp = timestamp });
        return R.Ok;
    }
}

/// <summary>Balancing transfers move at most <see cref="Transfer.Amount"/>, less if the account limit says so.</summary>
internal static class Balancing
{
    public static long Clamp(Transfer t, Account dr, Account cr)
    {
        var amount = t.Amount;
        if (t.Has(F.BalancingDebit))
            amount = Math.Min(amount, Headroom(dr.CreditsPosted, dr.DebitsPending, dr.DebitsPosted));
        if (t.Has(F.BalancingCredit))
            amount = Math.Min(amount, Headroom(cr.DebitsPosted, cr.CreditsPending, cr.CreditsPosted));
        return amount;
    }

    // Int128 so the difference cannot wrap whatever the balances are.
    private static long Headroom(long limit, long pending, long posted) =>
        (long)Int128.Max(0, (Int128)limit - pending - posted);
}

/// <summary>Overflow and balance-limit checks, in TigerBeetle's precedence order. Overflow is a result, never a wrap.</summary>
internal static class Limits
{
    public static R Check(Transfer t, Account dr, Account cr, long amount, long timestamp)
    {
        Int128 a = amount;
        var pending = t.Has(F.Pending);
        if (pending && dr.DebitsPending + a > long.MaxValue) return R.OverflowsDebitsPending;
        if (pending && cr.CreditsPending + a > long.MaxValue) return R.OverflowsCreditsPending;
        if (!pending && dr.DebitsPosted + a > long.MaxValue) return R.OverflowsDebitsPosted;
        if (!pending && cr.CreditsPosted + a > long.MaxValue) return R.OverflowsCreditsPosted;
        Int128 debits = (Int128)dr.DebitsPending + dr.DebitsPosted + a;
        Int128 credits = (Int128)cr.CreditsPending + cr.CreditsPosted + a;
        if (debits > long.MaxValue) return R.OverflowsDebits;
        if (credits > long.MaxValue) return R.OverflowsCredits;
        if (pending && (Int128)timestamp + ((Int128)t.TimeoutSeconds * PendingStatusExtensions.NanosPerSecond) > long.MaxValue)
            return R.OverflowsTimeout;
        if (dr.Has(AccountFlags.DebitsMustNotExceedCredits) && debits > dr.CreditsPosted) return R.ExceedsCredits;
        if (cr.Has(AccountFlags.CreditsMustNotExceedDebits) && credits > cr.DebitsPosted) return R.ExceedsDebits;
        return R.Ok;
    }
}
