namespace Jade.Ledger.Domain.Transfers;

/// <summary>
/// Outcome of creating one transfer, declared in TigerBeetle's documented order of precedence
/// (docs/reference/requests/create_transfers.md): when a transfer breaks several rules the first listed wins
/// (post/void transfers take their own branch after <see cref="FlagsAreMutuallyExclusive"/>).
/// Jade adaptations:
/// - omitted: reserved_field, id_must_not_be_int_max, debit/credit_account_id_must_not_be_int_max,
///   pending_id_must_not_be_int_max (a Guid has no reserved maximum), exists_with_different_user_data_128/64/32
///   (Jade has no user_data; <see cref="ExistsWithDifferentMetadata"/> takes their place),
///   amount_must_not_be_zero (deprecated in TigerBeetle 0.16: zero amounts are allowed).
/// - renamed: ledger → currency (<see cref="ExistsWithDifferentCurrency"/>, <see cref="AccountsMustHaveTheSameCurrency"/>,
///   <see cref="TransferMustHaveTheSameCurrencyAsAccounts"/>, <see cref="PendingTransferHasDifferentCurrency"/>);
///   ledger_must_not_be_zero → <see cref="CurrencyMustBeValid"/>.
/// - added: <see cref="AmountMustNotBeNegative"/> (amounts are signed longs here), in the slot of amount_must_not_be_zero.
/// </summary>
public enum CreateTransferResult
{
    Ok,
    LinkedEventFailed,
    LinkedEventChainOpen,
    ImportedEventExpected,
    ImportedEventNotExpected,
    TimestampMustBeZero,
    ImportedEventTimestampOutOfRange,
    ImportedEventTimestampMustNotAdvance,
    ReservedFlag,
    IdMustNotBeZero,
    ExistsWithDifferentFlags,
    ExistsWithDifferentPendingId,
    ExistsWithDifferentTimeout,
    ExistsWithDifferentDebitAccountId,
    ExistsWithDifferentCreditAccountId,
    ExistsWithDifferentAmount,
    ExistsWithDifferentMetadata,
    ExistsWithDifferentCurrency,
    ExistsWithDifferentCode,
    Exists,
    IdAlreadyFailed,
    FlagsAreMutuallyExclusive,
    DebitAccountIdMustNotBeZero,
    CreditAccountIdMustNotBeZero,
    AccountsMustBeDifferent,
    PendingIdMustBeZero,
    PendingIdMustNotBeZero,
    PendingIdMustBeDifferent,
    TimeoutReservedForPendingTransfer,
    ClosingTransferMustBePending,
    AmountMustNotBeNegative,
    CurrencyMustBeValid,
    CodeMustNotBeZero,
    DebitAccountNotFound,
    CreditAccountNotFound,
    AccountsMustHaveTheSameCurrency,
    TransferMustHaveTheSameCurrencyAsAccounts,
    PendingTransferNotFound,
    PendingTransferNotPending,
    PendingTransferHasDifferentDebitAccountId,
    PendingTransferHasDifferentCreditAccountId,
    PendingTransferHasDifferentCurrency,
    PendingTransferHasDifferentCode,
    ExceedsPendingTransferAmount,
    PendingTransferHasDifferentAmount,
    PendingTransferAlreadyPosted,
    PendingTransferAlreadyVoided,
    PendingTransferExpired,
    ImportedEventTimestampMustNotRegress,
    ImportedEventTimestampMustPostdateDebitAccount,
    ImportedEventTimestampMustPostdateCreditAccount,
    ImportedEventTimeoutMustBeZero,
    DebitAccountAlreadyClosed,
    CreditAccountAlreadyClosed,
    OverflowsDebitsPending,
    OverflowsCreditsPending,
    OverflowsDebitsPosted,
    OverflowsCreditsPosted,
    OverflowsDebits,
    OverflowsCredits,
    OverflowsTimeout,
    ExceedsCredits,
    ExceedsDebits,
}

public static class CreateTransferResultExtensions
{
    /// <summary>
    /// Results that depend on the database state at the moment of the attempt. TigerBeetle remembers the id of
    /// a transfer that failed this way so a retry cannot later succeed with a different outcome
    /// (<see cref="CreateTransferResult.IdAlreadyFailed"/>).
    /// </summary>
    public static bool IsTransient(this CreateTransferResult result) => result is
        CreateTransferResult.DebitAccountNotFound or CreateTransferResult.CreditAccountNotFound or
        CreateTransferResult.PendingTransferNotFound or CreateTransferResult.ExceedsCredits or
        CreateTransferResult.ExceedsDebits or CreateTransferResult.DebitAccountAlreadyClosed or
        CreateTransferResult.CreditAccountAlreadyClosed;
}
