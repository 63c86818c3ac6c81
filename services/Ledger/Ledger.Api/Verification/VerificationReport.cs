namespace Jade.Ledger.Verification;

/// <summary>
/// The outcome of one operator check over a consistent snapshot of the ledger. Sums are <see cref="decimal"/> (whole
/// numbers): a currency's total over all accounts may exceed a 64-bit integer even though every balance fits one.
/// </summary>
public sealed record VerificationReport(
    DateTimeOffset CheckedAt,
    bool Ok,
    long Accounts,
    long Transfers,
    IReadOnlyList<CurrencyTotals> Currencies,
    long DiscrepancyCount,
    IReadOnlyList<Discrepancy> Discrepancies,
    long DurationMs);

/// <summary>Σ over a currency's accounts; balanced when debits equal credits, pending and posted separately.</summary>
public sealed record CurrencyTotals(
    string Currency, long Accounts, decimal DebitsPending, decimal CreditsPending, decimal DebitsPosted, decimal CreditsPosted)
{
    public bool Balanced => DebitsPending == CreditsPending && DebitsPosted == CreditsPosted;
}

/// <summary>
/// One finding. <see cref="Check"/> names the rule (<see cref="Checks"/>); <see cref="Expected"/> is what the rule
/// derives (the replay of the transfers, Σdebits, the allowed count or maximum) and <see cref="Actual"/> what is stored.
/// </summary>
public sealed record Discrepancy(
    string Check, string? Currency, Guid? AccountId, Guid? TransferId, string? Field, decimal? Expected, decimal? Actual);

/// <summary>Names of the rules, as they appear in <see cref="Discrepancy.Check"/>.</summary>
public static class Checks
{
    /// <summary>Σdebits ≠ Σcredits for a currency; field <c>pending</c> or <c>posted</c>; expected Σdebits, actual Σcredits.</summary>
    public const string CurrencyUnbalanced = "currency_unbalanced";
    /// <summary>A stored balance differs from the replay of the account's transfers; field names the balance.</summary>
    public const string BalanceMismatch = "balance_mismatch";
    /// <summary>A transfer names an account that does not exist.</summary>
    public const string AccountMissing = "account_missing";
    /// <summary>A pending transfer has no <c>pending_status</c> row.</summary>
    public const string PendingStatusMissing = "pending_status_missing";
    /// <summary>A <c>pending_status</c> row belongs to no pending transfer.</summary>
    public const string PendingStatusOrphan = "pending_status_orphan";
    /// <summary>The number of posts or voids (field) referencing a hold does not fit its status: one for posted/voided, none otherwise.</summary>
    public const string ResolutionMismatch = "resolution_mismatch";
    /// <summary>A post or void references no pending transfer.</summary>
    public const string ResolverWithoutPending = "resolver_without_pending";
    /// <summary>A post moved more than its hold held; expected the held amount, actual the posted one.</summary>
    public const string PostExceedsPending = "post_exceeds_pending";
    /// <summary>A void released an amount other than its hold's.</summary>
    public const string VoidAmountDiffers = "void_amount_differs";
    /// <summary>A post or void names other accounts than its hold.</summary>
    public const string ResolverAccountsDiffer = "resolver_accounts_differ";
    /// <summary>A hold's stored expiry differs from its timestamp plus its timeout.</summary>
    public const string ExpiryMismatch = "expiry_mismatch";
    /// <summary>An account flagged <c>debits_must_not_exceed_credits</c> has more debits (pending and posted) than posted credits; expected the credits.</summary>
    public const string DebitsExceedCredits = "debits_exceed_credits";
    /// <summary>An account flagged <c>credits_must_not_exceed_debits</c> has more credits (pending and posted) than posted debits; expected the debits.</summary>
    public const string CreditsExceedDebits = "credits_exceed_debits";
    /// <summary>A transfer id is both stored and remembered as failed, so its retry would answer inconsistently.</summary>
    public const string FailedTransferStored = "failed_transfer_stored";
}
