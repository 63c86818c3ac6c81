using R = Jade.Ledger.Domain.Transfers.CreateTransferResult;
using F = Jade.Ledger.Domain.Transfers.TransferFlags;

namespace Jade.Ledger.Tests.Transfers;

public sealed class BalancingClosingImportTests
{
    [TestCase(1_000L, 70L, TestName = "balancing debit clamps to the available balance")]
    [TestCase(50L, 50L, TestName = "balancing debit below the available balance moves the request")]
    [TestCase(long.MaxValue, 70L, TestName = "balancing debit with max sweeps the account")]
    public void Balancing_debit(long requested, long moved)
    {
        var h = new LedgerHarness();
        var wallet = h.Funded(100);
        var other = h.NewAccount();
        h.Expect(R.Ok, LedgerHarness.Tx(wallet, other, 30, F.Pending));
        var sweep = LedgerHarness.Tx(wallet, other, requested, F.BalancingDebit);
        h.Expect(R.Ok, sweep);
        Assert.That(h.State.FindTransfer(sweep.Id)!.Amount, Is.EqualTo(moved));
        h.Expect(R.Exists, sweep);
        if (moved > 1) h.Expect(R.ExistsWithDifferentAmount, sweep with { Amount = moved - 1 });
    }

    [Test]
    public void Balancing_credit_clamps_to_the_credit_accounts_debits()
    {
        var h = new LedgerHarness();
        var loan = h.NewAccount(AccountFlags.CreditsMustNotExceedDebits);
        var cash = h.NewAccount();
        h.Expect(R.Ok, LedgerHarness.Tx(loan, cash, 40));           // disburse 40
        var repay = LedgerHarness.Tx(cash, loan, 100, F.BalancingCredit);
        h.Expect(R.Ok, repay);
        Assert.That(h.State.FindTransfer(repay.Id)!.Amount, Is.EqualTo(40));
        h.Expect(R.Ok, LedgerHarness.Tx(cash, loan, 5, F.BalancingCredit)); // nothing left: moves 0 (TigerBeetle 0.16)
        h.Expect(R.ExceedsDebits, LedgerHarness.Tx(cash, loan, 1));
    }

    [Test]
    public void Closing_transfer_closes_and_voiding_it_reopens()
    {
        var h = new LedgerHarness();
        var wallet = h.Funded(10);
        var other = h.NewAccount();
        var close = LedgerHarness.Tx(wallet, other, 0, F.Pending | F.ClosingDebit);
        h.Expect(R.Ok, close);
        Assert.That(h.Account(wallet).Has(AccountFlags.Closed), Is.True);
        h.Expect(R.DebitAccountAlreadyClosed, LedgerHarness.Tx(wallet, other, 1));
        h.Expect(R.CreditAccountAlreadyClosed, LedgerHarness.Tx(other, wallet, 1));
        h.Expect(R.Ok, LedgerHarness.Void(close.Id));
        Assert.That(h.Account(wallet).Has(AccountFlags.Closed), Is.False);
        h.Expect(R.Ok, LedgerHarness.Tx(wallet, other, 1));
    }

    [Test]
    public void Closing_credit_hold_that_expires_reopens()
    {
        var h = new LedgerHarness();
        var a = h.NewAccount();
        var b = h.NewAccount();
        var close = LedgerHarness.Tx(a, b, 0, F.Pending | F.ClosingCredit, timeout: 1);
        h.Expect(R.Ok, close);
        Assert.That(h.Account(b).Has(AccountFlags.Closed), Is.True);
        h.Now = h.State.FindTransfer(close.Id)!.Timestamp + LedgerHarness.Second;
        LedgerEngine.ExpirePendingTransfers(h.State, h.Now);
        Assert.That(h.Account(b).Has(AccountFlags.Closed), Is.False);
    }

    [Test]
    public void Imported_transfers_keep_their_timestamps_and_order()
    {
        var h = new LedgerHarness();
        var a = h.NewAccount();
        var b = h.NewAccount();
        var t1 = LedgerHarness.Tx(a, b, 1, F.Imported) with { Timestamp = h.Now + 10 };
        var t2 = LedgerHarness.Tx(a, b, 1, F.Imported) with { Timestamp = h.Now + 20 };
        h.Now += 100;
        Assert.That(h.Submit(t1, t2), Is.EqualTo(new[] { R.Ok, R.Ok }));
        Assert.That(h.State.FindTransfer(t2.Id)!.Timestamp, Is.EqualTo(t2.Timestamp));
        Assert.Multiple(() =>
        {
            Assert.That(h.Submit(t1 with { Id = Guid.NewGuid() }), Is.EqualTo(new[] { R.ImportedEventTimestampMustNotRegress }));
            Assert.That(h.Submit(t1 with { Id = Guid.NewGuid(), Timestamp = 0 }), Is.EqualTo(new[] { R.ImportedEventTimestampOutOfRange }));
            Assert.That(h.Submit(t1 with { Id = Guid.NewGuid(), Timestamp = h.Now + 1 }), Is.EqualTo(new[] { R.ImportedEventTimestampMustNotAdvance }));
            Assert.That(h.Submit(t1 with { Id = Guid.NewGuid(), Timestamp = h.Now, Flags = F.Imported | F.Pending, TimeoutSeconds = 5 }),
                Is.EqualTo(new[] { R.ImportedEventTimeoutMustBeZero }));
            Assert.That(h.Submit(t1 with { Id = Guid.NewGuid(), Timestamp = h.Now }, LedgerHarness.Tx(a, b, 1)),
                Is.EqualTo(new[] { R.Ok, R.ImportedEventExpected }));
            Assert.That(h.Submit(LedgerHarness.Tx(a, b, 1), t1 with { Id = Guid.NewGuid() }),
                Is.EqualTo(new[] { R.Ok, R.ImportedEventNotExpected }));
        });
    }

    [Test]
    public void Imported_transfer_must_postdate_its_accounts()
    {
        var h = new LedgerHarness();
        var early = h.Now;
        var a = h.NewAccount();
        var b = h.NewAccount();
        h.Now += 100;
        var accountTs = h.Account(a).Timestamp;
        Assert.That(h.Submit(LedgerHarness.Tx(a, b, 1, F.Imported) with { Timestamp = accountTs }),
            Is.EqualTo(new[] { R.ImportedEventTimestampMustNotRegress }), "account timestamps count as the last timestamp");
        Assert.That(early, Is.LessThanOrEqualTo(accountTs));
    }

    [Test]
    public void Transient_failure_makes_the_id_fail_forever_but_validation_failures_do_not()
    {
        var h = new LedgerHarness();
        var wallet = h.Funded(0);
        var other = h.NewAccount();
        var t = LedgerHarness.Tx(wallet, other, 5);
        h.Expect(R.ExceedsCredits, t);
        h.Expect(R.Ok, LedgerHarness.Tx(other, wallet, 5));
        h.Expect(R.IdAlreadyFailed, t);

        var bad = LedgerHarness.Tx(wallet, other, 5) with { Code = 0 };
        h.Expect(R.CodeMustNotBeZero, bad);
        h.Expect(R.Ok, bad with { Code = 1 });
        h.Expect(R.Exists, bad with { Code = 1 });
    }
}
