using Jade.Ledger.Domain.Accounts;

namespace Jade.Ledger.Domain.Chart;

/// <summary>One account type of Jade's chart: its code (the account's <see cref="Account.Code"/>) and the limit flags
/// every account of that type is opened with.</summary>
public sealed record AccountType(ushort Code, string Name, AccountFlags Flags, bool PerCustomer, string Purpose);

/// <summary>
/// Jade's chart of accounts as data. Code ranges: 1xx customer liabilities, 2xx settlement and cash (assets),
/// 3xx receivables, 4xx income and collected premiums, 5xx expenses, 9xx control accounts.
/// Flags encode the accounting side that must never flip: a wallet (what Jade owes the customer) can never be
/// overdrawn; a loan receivable can never be repaid beyond what was lent.
/// </summary>
public static class ChartOfAccounts
{
    public const ushort CustomerWallet = 100;
    public const ushort BankTransferSettlement = 201;
    public const ushort CardSettlement = 202;
    public const ushort PartnerBankSettlement = 203;
    public const ushort OperatingCash = 210;
    public const ushort InvestmentSettlement = 220;
    public const ushort LoanPrincipalReceivable = 300;
    public const ushort FeeIncome = 400;
    public const ushort InterestIncome = 410;
    public const ushort InsurancePremiums = 420;
    public const ushort PromotionsExpense = 500;
    public const ushort Suspense = 900;

    public static IReadOnlyList<AccountType> Types { get; } =
    [
        new(CustomerWallet, "customer_wallet", AccountFlags.DebitsMustNotExceedCredits | AccountFlags.History, true,
            "What Jade owes a customer; no overdraft, history kept for statements."),
        new(BankTransferSettlement, "settlement_bank_transfer", AccountFlags.None, false,
            "Funds in flight with the bank-transfer channel until the bank confirms."),
        new(CardSettlement, "settlement_card", AccountFlags.None, false,
            "Funds in flight with the card acquirer."),
        new(PartnerBankSettlement, "settlement_partner_bank", AccountFlags.None, false,
            "Funds in flight with partner banks calling the partner API."),
        new(OperatingCash, "operating_cash", AccountFlags.None, false,
            "Jade's own cash at its custodian bank."),
        new(InvestmentSettlement, "investment_settlement", AccountFlags.None, false,
            "Cash owed to or by the broker between trade and settlement."),
        new(LoanPrincipalReceivable, "loan_principal_receivable", AccountFlags.CreditsMustNotExceedDebits | AccountFlags.History, true,
            "Principal a borrower owes; repayments can never exceed what was disbursed."),
        new(FeeIncome, "fee_income", AccountFlags.DebitsMustNotExceedCredits, false,
            "Fees earned; refunds can never exceed what was earned."),
        new(InterestIncome, "interest_income", AccountFlags.DebitsMustNotExceedCredits, false,
            "Loan interest earned."),
        new(InsurancePremiums, "insurance_premiums", AccountFlags.DebitsMustNotExceedCredits, false,
            "Premiums collected and payable to insurers."),
        new(PromotionsExpense, "promotions_expense", AccountFlags.CreditsMustNotExceedDebits, false,
            "Vouchers and cash-back paid; reversals can never exceed what was spent."),
        new(Suspense, "suspense", AccountFlags.None, false,
            "Unmatched money awaiting investigation; should trend to zero."),
    ];

    public static AccountType Get(ushort code) =>
        Types.FirstOrDefault(t => t.Code == code) ?? throw new ArgumentOutOfRangeException(nameof(code), code, "Not in Jade's chart of accounts.");

    /// <summary>A create-account request for <paramref name="code"/> carrying that type's flags.</summary>
    public static Account NewAccount(ushort code, Guid id, string currency, Guid? ownerId = null, string? metadata = null)
    {
        var type = Get(code);
        if (type.PerCustomer && ownerId is null)
            throw new ArgumentException($"{type.Name} accounts belong to a customer.", nameof(ownerId));
        return new Account { Id = id, Currency = currency, Code = code, OwnerId = ownerId, Flags = type.Flags, Metadata = metadata };
    }
}
