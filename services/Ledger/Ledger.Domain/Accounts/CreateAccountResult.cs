namespace Jade.Ledger.Domain.Accounts;

/// <summary>
/// Outcome of creating one account, declared in TigerBeetle's order of precedence: when an account breaks
/// several rules, the first listed is reported.
/// Omitted TigerBeetle codes (no meaning for Jade's field types): reserved_field (no reserved bytes),
/// id_must_not_be_int_max (a Guid has no reserved maximum), exists_with_different_user_data_128/64/32
/// (replaced by owner id and metadata). ledger_must_not_be_zero becomes <see cref="CurrencyMustBeValid"/>.
/// </summary>
public enum CreateAccountResult
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
    FlagsAreMutuallyExclusive,
    DebitsPendingMustBeZero,
    DebitsPostedMustBeZero,
    CreditsPendingMustBeZero,
    CreditsPostedMustBeZero,
    CurrencyMustBeValid,
    CodeMustNotBeZero,
    ExistsWithDifferentFlags,
    ExistsWithDifferentOwnerId,
    ExistsWithDifferentMetadata,
    ExistsWithDifferentCurrency,
    ExistsWithDifferentCode,
    Exists,
    ImportedEventTimestampMustNotRegress,
}
