using Jade.Ledger.Domain.Results;
using Jade.Ledger.Domain.State;
using R = Jade.Ledger.Domain.Accounts.CreateAccountResult;

namespace Jade.Ledger.Domain.Accounts;

/// <summary>Validates and applies one account in TigerBeetle's precedence order.</summary>
internal sealed class AccountCreation(ILedgerState state, long now, long baseTimestamp, bool batchImported)
{
    private const AccountFlags KnownFlags = AccountFlags.Linked | AccountFlags.DebitsMustNotExceedCredits |
        AccountFlags.CreditsMustNotExceedDebits | AccountFlags.History | AccountFlags.Imported | AccountFlags.Closed;

    public R Execute(Account a, int index)
    {
        var imported = a.Has(AccountFlags.Imported);
        if (batchImported && !imported) return R.ImportedEventExpected;
        if (!batchImported && imported) return R.ImportedEventNotExpected;
        if (!imported && a.Timestamp != 0) return R.TimestampMustBeZero;
        if (imported && a.Timestamp <= 0) return R.ImportedEventTimestampOutOfRange;
        if (imported && a.Timestamp > now) return R.ImportedEventTimestampMustNotAdvance;
        if ((a.Flags & ~KnownFlags) != 0) return R.ReservedFlag;
        if (a.Id == Guid.Empty) return R.IdMustNotBeZero;
        if (a.Has(AccountFlags.DebitsMustNotExceedCredits) && a.Has(AccountFlags.CreditsMustNotExceedDebits))
            return R.FlagsAreMutuallyExclusive;
        if (a.DebitsPending != 0) return R.DebitsPendingMustBeZero;
        if (a.DebitsPosted != 0) return R.DebitsPostedMustBeZero;
        if (a.CreditsPending != 0) return R.CreditsPendingMustBeZero;
        if (a.CreditsPosted != 0) return R.CreditsPostedMustBeZero;
        if (!Currency.IsValid(a.Currency)) return R.CurrencyMustBeValid;
        if (a.Code == 0) return R.CodeMustNotBeZero;
        if (state.FindAccount(a.Id) is { } existing) return CompareWithExisting(a, existing);

        var timestamp = imported ? a.Timestamp : checked(baseTimestamp + index);
        if (imported && timestamp <= state.LastTimestamp) return R.ImportedEventTimestampMustNotRegress;

        state.PutAccount(a with { Timestamp = timestamp });
        if (timestamp > state.LastTimestamp) state.LastTimestamp = timestamp;
        return R.Ok;
    }

    private static R CompareWithExisting(Account a, Account e)
    {
        // Closed is ignored: closing transfers flip it after creation, and a retry must still read "exists".
        const AccountFlags mutable = AccountFlags.Closed;
        if ((a.Flags & ~mutable) != (e.Flags & ~mutable)) return R.ExistsWithDifferentFlags;
        if (a.OwnerId != e.OwnerId) return R.ExistsWithDifferentOwnerId;
        if (!string.Equals(a.Metadata, e.Metadata, StringComparison.Ordinal)) return R.ExistsWithDifferentMetadata;
        if (!string.Equals(a.Currency, e.Currency, StringComparison.Ordinal)) return R.ExistsWithDifferentCurrency;
        if (a.Code != e.Code) return R.ExistsWithDifferentCode;
        return R.Exists;
    }
}
