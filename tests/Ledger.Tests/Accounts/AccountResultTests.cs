using R = Jade.Ledger.Domain.Accounts.CreateAccountResult;
using F = Jade.Ledger.Domain.Accounts.AccountFlags;

namespace Jade.Ledger.Tests.Accounts;

public sealed class AccountResultTests
{
    private static readonly Guid ExistingId = Guid.CreateVersion7();
    private static readonly Guid Owner = Guid.CreateVersion7();

    private static Account Existing => new() { Id = ExistingId, Currency = "CNY", Code = 100, OwnerId = Owner, Metadata = "{\"a\":1}", Flags = F.History };

    private static Account New => new() { Id = Guid.CreateVersion7(), Currency = "CNY", Code = 100 };

    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData C(R expected, Account a, string? name = null) => new TestCaseData(a, expected).SetArgDisplayNames(name ?? expected.ToString());
        yield return C(R.Ok, New);
        yield return C(R.TimestampMustBeZero, New with { Timestamp = 1, Id = Guid.Empty }, "timestamp before id");
        yield return C(R.ReservedFlag, New with { Flags = (F)(1 << 9) });
        yield return C(R.IdMustNotBeZero, New with { Id = Guid.Empty, Code = 0 }, "id before code");
        yield return C(R.FlagsAreMutuallyExclusive, New with { Flags = F.DebitsMustNotExceedCredits | F.CreditsMustNotExceedDebits, DebitsPosted = 1 }, "flags before balances");
        yield return C(R.DebitsPendingMustBeZero, New with { DebitsPending = 1, CreditsPosted = 1 });
        yield return C(R.DebitsPostedMustBeZero, New with { DebitsPosted = 1 });
        yield return C(R.CreditsPendingMustBeZero, New with { CreditsPending = 1 });
        yield return C(R.CreditsPostedMustBeZero, New with { CreditsPosted = 1 });
        yield return C(R.CurrencyMustBeValid, New with { Currency = "CN", Code = 0 }, "currency before code");
        yield return C(R.CodeMustNotBeZero, New with { Code = 0 });
        yield return C(R.Exists, Existing);
        yield return C(R.ExistsWithDifferentFlags, Existing with { Flags = F.None, Code = 7 }, "flags before code");
        yield return C(R.ExistsWithDifferentOwnerId, Existing with { OwnerId = null });
        yield return C(R.ExistsWithDifferentMetadata, Existing with { Metadata = null });
        yield return C(R.ExistsWithDifferentCurrency, Existing with { Currency = "USD" });
        yield return C(R.ExistsWithDifferentCode, Existing with { Code = 7 });
    }

    [TestCaseSource(nameof(Cases))]
    public void Single_account(Account account, R expected)
    {
        var state = new InMemoryLedger();
        LedgerEngine.CreateAccounts(state, [Existing], 1_000);
        var before = state.Accounts.Count;
        var result = LedgerEngine.CreateAccounts(state, [account], 2_000).Single();
        Assert.That(result.Result, Is.EqualTo(expected));
        Assert.That(result.Id, Is.EqualTo(account.Id));
        Assert.That(state.Accounts, Has.Count.EqualTo(expected == R.Ok ? before + 1 : before));
    }

    [Test]
    public void Linked_accounts_are_atomic_and_timestamps_strictly_increase()
    {
        var state = new InMemoryLedger();
        var results = LedgerEngine.CreateAccounts(state,
            [New with { Flags = F.Linked }, New with { Code = 0 }, New, New with { Flags = F.Linked }], 50);
        Assert.That(results.Select(r => r.Result),
            Is.EqualTo(new[] { R.LinkedEventFailed, R.CodeMustNotBeZero, R.Ok, R.LinkedEventChainOpen }));
        Assert.That(state.Accounts, Has.Count.EqualTo(1));

        LedgerEngine.CreateAccounts(state, [New, New], 10); // clock behind: still after the last timestamp
        Assert.That(state.Accounts.Select(a => a.Timestamp).Order(), Is.EqualTo(new long[] { 52, 53, 54 }));
    }

    [Test]
    public void Imported_accounts()
    {
        var state = new InMemoryLedger();
        var results = LedgerEngine.CreateAccounts(state,
            [New with { Flags = F.Imported, Timestamp = 5 }, New with { Flags = F.Imported, Timestamp = 5 },
             New with { Flags = F.Imported, Timestamp = 0 }, New with { Flags = F.Imported, Timestamp = 101 }, New], 100);
        Assert.That(results.Select(r => r.Result), Is.EqualTo(new[]
        {
            R.Ok, R.ImportedEventTimestampMustNotRegress, R.ImportedEventTimestampOutOfRange,
            R.ImportedEventTimestampMustNotAdvance, R.ImportedEventExpected,
        }));
        Assert.That(LedgerEngine.CreateAccounts(state, [New, New with { Flags = F.Imported, Timestamp = 6 }], 100)
            .Select(r => r.Result), Is.EqualTo(new[] { R.Ok, R.ImportedEventNotExpected }));
    }

    [Test]
    public void Chart_of_accounts_opens_wallets_without_overdraft()
    {
        var wallet = Jade.Ledger.Domain.Chart.ChartOfAccounts.NewAccount(
            Jade.Ledger.Domain.Chart.ChartOfAccounts.CustomerWallet, Guid.CreateVersion7(), "CNY", Owner);
        Assert.That(wallet.Has(F.DebitsMustNotExceedCredits), Is.True);
        Assert.That(Jade.Ledger.Domain.Chart.ChartOfAccounts.Types.Select(t => t.Code), Is.Unique);
        Assert.That(LedgerEngine.CreateAccounts(new InMemoryLedger(), [wallet], 1).Single().Result, Is.EqualTo(R.Ok));
        Assert.Throws<ArgumentException>(() => Jade.Ledger.Domain.Chart.ChartOfAccounts.NewAccount(
            Jade.Ledger.Domain.Chart.ChartOfAccounts.CustomerWallet, Guid.CreateVersion7(), "CNY"));
    }
}
