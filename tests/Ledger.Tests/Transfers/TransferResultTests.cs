using R = Jade.Ledger.Domain.Transfers.CreateTransferResult;
using F = Jade.Ledger.Domain.Transfers.TransferFlags;

namespace Jade.Ledger.Tests.Transfers;

/// <summary>Every transfer result code from a single submitted transfer, plus precedence between pairs of rules.</summary>
public sealed class TransferResultTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData C(R expected, Func<World, Transfer> build, string? name = null) =>
            new TestCaseData(build, expected).SetArgDisplayNames(name ?? expected.ToString());

        yield return C(R.Ok, w => w.Tx());
        yield return C(R.Ok, w => w.Tx(0), "zero amount is allowed (TigerBeetle 0.16)");
        yield return C(R.TimestampMustBeZero, w => w.Tx() with { Timestamp = 5 });
        yield return C(R.ReservedFlag, w => w.Tx() with { Flags = (F)(1 << 12) });
        yield return C(R.IdMustNotBeZero, w => w.Tx() with { Id = Guid.Empty });
        yield return C(R.Exists, w => Resubmit(w, w.Single));
        yield return C(R.ExistsWithDifferentFlags, w => Resubmit(w, w.Single) with { Flags = F.Pending });
        yield return C(R.ExistsWithDifferentPendingId, w => Resubmit(w, w.Single) with { PendingId = Guid.NewGuid() });
        yield return C(R.ExistsWithDifferentTimeout, w => Resubmit(w, w.Single) with { TimeoutSeconds = 3 });
        yield return C(R.ExistsWithDifferentDebitAccountId, w => Resubmit(w, w.Single) with { DebitAccountId = w.Full });
        yield return C(R.ExistsWithDifferentCreditAccountId, w => Resubmit(w, w.Single) with { CreditAccountId = w.Full });
        yield return C(R.ExistsWithDifferentAmount, w => Resubmit(w, w.Single) with { Amount = 99 });
        yield return C(R.ExistsWithDifferentMetadata, w => Resubmit(w, w.Single) with { Metadata = "{}" });
        yield return C(R.ExistsWithDifferentCurrency, w => Resubmit(w, w.Single) with { Currency = "USD" });
        yield return C(R.ExistsWithDifferentCode, w => Resubmit(w, w.Single) with { Code = 7 });
        yield return C(R.IdAlreadyFailed, w => w.Tx() with { Id = w.FailedId });
        yield return C(R.FlagsAreMutuallyExclusive, w => w.Tx(1, F.Pending | F.PostPendingTransfer));
        yield return C(R.FlagsAreMutuallyExclusive, w => LedgerHarness.Post(w.Hold) with { Flags = F.PostPendingTransfer | F.VoidPendingTransfer }, "post+void");
        yield return C(R.FlagsAreMutuallyExclusive, w => LedgerHarness.Post(w.Hold) with { Flags = F.PostPendingTransfer | F.BalancingDebit }, "post+balancing");
        yield return C(R.FlagsAreMutuallyExclusive, w => LedgerHarness.Void(w.Hold) with { Flags = F.VoidPendingTransfer | F.ClosingCredit }, "void+closing");
        yield return C(R.DebitAccountIdMustNotBeZero, w => w.Tx() with { DebitAccountId = Guid.Empty });
        yield return C(R.CreditAccountIdMustNotBeZero, w => w.Tx() with { CreditAccountId = Guid.Empty });
        yield return C(R.AccountsMustBeDifferent, w => w.Tx() with { CreditAccountId = w.Other });
        yield return C(R.PendingIdMustBeZero, w => w.Tx() with { PendingId = w.Hold });
        yield return C(R.PendingIdMustNotBeZero, w => LedgerHarness.Post(Guid.Empty));
        yield return C(R.PendingIdMustBeDifferent, _ => Guid.CreateVersion7() is var id ? LedgerHarness.Post(id, id: id) : null!);
        yield return C(R.TimeoutReservedForPendingTransfer, w => w.Tx() with { TimeoutSeconds = 1 });
        yield return C(R.TimeoutReservedForPendingTransfer, w => LedgerHarness.Post(w.Hold) with { TimeoutSeconds = 1 }, "timeout on post");
        yield return C(R.ClosingTransferMustBePending, w => w.Tx(1, F.ClosingDebit));
        yield return C(R.AmountMustNotBeNegative, w => w.Tx(-1));
        yield return C(R.AmountMustNotBeNegative, w => LedgerHarness.Post(w.Hold, -1), "negative post");
        yield return C(R.CurrencyMustBeValid, w => w.Tx() with { Currency = "cny" });
        yield return C(R.CurrencyMustBeValid, w => w.Tx() with { Currency = "" }, "empty currency");
        yield return C(R.CodeMustNotBeZero, w => w.Tx() with { Code = 0 });
        yield return C(R.DebitAccountNotFound, w => w.Tx() with { DebitAccountId = Guid.NewGuid() });
        yield return C(R.CreditAccountNotFound, w => w.Tx() with { CreditAccountId = Guid.NewGuid() });
        yield return C(R.AccountsMustHaveTheSameCurrency, w => w.Tx() with { CreditAccountId = w.Usd });
        yield return C(R.TransferMustHaveTheSameCurrencyAsAccounts, w => LedgerHarness.Tx(w.Usd, w.Usd2, 1));
        yield return C(R.PendingTransferNotFound, w => LedgerHarness.Post(Guid.NewGuid()));
        yield return C(R.PendingTransferNotPending, w => LedgerHarness.Post(w.Single));
        yield return C(R.PendingTransferHasDifferentDebitAccountId, w => LedgerHarness.Post(w.Hold) with { DebitAccountId = w.Full });
        yield return C(R.PendingTransferHasDifferentCreditAccountId, w => LedgerHarness.Post(w.Hold) with { CreditAccountId = w.Full });
        yield return C(R.PendingTransferHasDifferentCurrency, w => LedgerHarness.Post(w.Hold) with { Currency = "USD" });
        yield return C(R.PendingTransferHasDifferentCode, w => LedgerHarness.Post(w.Hold) with { Code = 9 });
        yield return C(R.ExceedsPendingTransferAmount, w => LedgerHarness.Post(w.Hold, 11));
        yield return C(R.PendingTransferHasDifferentAmount, w => LedgerHarness.Void(w.Hold, 9));
        yield return C(R.PendingTransferAlreadyPosted, w => LedgerHarness.Post(w.PostedHold));
        yield return C(R.PendingTransferAlreadyVoided, w => LedgerHarness.Void(w.VoidedHold));
        yield return C(R.PendingTransferExpired, w => LedgerHarness.Post(w.ExpiredHold));
        yield return C(R.DebitAccountAlreadyClosed, w => LedgerHarness.Tx(w.Closed, w.Other, 1));
        yield return C(R.CreditAccountAlreadyClosed, w => LedgerHarness.Tx(w.Other, w.Closed, 1));
        yield return C(R.OverflowsDebitsPending, w => LedgerHarness.Tx(w.BigHoldSource, w.Other, 10, F.Pending));
        yield return C(R.OverflowsCreditsPending, w => LedgerHarness.Tx(w.Other, w.BigHoldTarget, 10, F.Pending));
        yield return C(R.OverflowsDebitsPosted, w => LedgerHarness.Tx(w.Full, w.Other, 10));
        yield return C(R.OverflowsCreditsPosted, w => LedgerHarness.Tx(w.Other, w.Sink, 10));
        yield return C(R.OverflowsDebits, w => LedgerHarness.Tx(w.Full, w.Other, 10, F.Pending));
        yield return C(R.OverflowsCredits, w => LedgerHarness.Tx(w.Other, w.Sink, 10, F.Pending));
        yield return C(R.OverflowsDebits, w => LedgerHarness.Tx(w.BigHoldSource, w.Other, 10), "posted on top of a huge hold");
        yield return C(R.ExceedsCredits, w => LedgerHarness.Tx(w.Wallet, w.Other, 91));
        yield return C(R.ExceedsDebits, w => LedgerHarness.Tx(w.Other, w.Capped, 1));
    }

    private static Transfer Resubmit(World w, Guid id) => (w.H.State.FindTransfer(id) ?? throw new InvalidOperationException())
        with { Timestamp = 0 };

    [TestCaseSource(nameof(Cases))]
    public void Single_transfer_reports_expected_result(Func<World, Transfer> build, R expected)
    {
        var w = new World();
        var before = w.H.State.SnapshotAccounts();
        var count = w.H.State.Transfers.Count;
        var transfer = build(w);

        Assert.That(w.H.Submit(transfer)[0], Is.EqualTo(expected));

        if (expected != R.Ok)
        {
            Assert.That(w.H.State.SnapshotAccounts(), Is.EquivalentTo(before), "a rejected item changes no balance");
            Assert.That(w.H.State.Transfers, Has.Count.EqualTo(count), "a rejected item is never stored");
        }
    }
}
