using R = Jade.Ledger.Domain.Transfers.CreateTransferResult;
using F = Jade.Ledger.Domain.Transfers.TransferFlags;

namespace Jade.Ledger.Tests.Transfers;

/// <summary>A transfer breaking two rules reports the one TigerBeetle lists first.</summary>
public sealed class PrecedenceTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData C(R expected, Func<World, Transfer> build, string name) =>
            new TestCaseData(build, expected).SetArgDisplayNames(name);

        yield return C(R.TimestampMustBeZero, w => w.Tx() with { Timestamp = 1, Id = Guid.Empty }, "timestamp before id");
        yield return C(R.IdMustNotBeZero, w => w.Tx(-1) with { Id = Guid.Empty }, "id before amount");
        yield return C(R.ExistsWithDifferentAmount, w => w.H.State.FindTransfer(w.Single)! with { Timestamp = 0, Amount = 1, Code = 5 }, "amount before code");
        yield return C(R.ExistsWithDifferentFlags, w => w.H.State.FindTransfer(w.Single)! with { Timestamp = 0, Flags = F.Pending | F.PostPendingTransfer }, "exists before mutually exclusive");
        yield return C(R.IdAlreadyFailed, w => w.Tx(-5) with { Id = w.FailedId, Code = 0 }, "id_already_failed before validation");
        yield return C(R.FlagsAreMutuallyExclusive, w => w.Tx(1, F.Pending | F.VoidPendingTransfer) with { DebitAccountId = Guid.Empty }, "flags before debit id");
        yield return C(R.AccountsMustBeDifferent, w => w.Tx(-1) with { CreditAccountId = w.Other }, "same accounts before negative");
        yield return C(R.CurrencyMustBeValid, w => w.Tx() with { Currency = "x", Code = 0, DebitAccountId = Guid.NewGuid() }, "currency before code and not found");
        yield return C(R.DebitAccountNotFound, w => w.Tx() with { DebitAccountId = Guid.NewGuid(), CreditAccountId = Guid.NewGuid() }, "debit before credit not found");
        yield return C(R.AccountsMustHaveTheSameCurrency, w => LedgerHarness.Tx(w.Closed, w.Usd, 1), "currency before closed");
        yield return C(R.DebitAccountAlreadyClosed, w => LedgerHarness.Tx(w.Closed, w.Sink, 10), "closed before overflow");
        yield return C(R.OverflowsDebitsPosted, w => LedgerHarness.Tx(w.Full, w.Capped, 10), "overflow before exceeds");
        yield return C(R.ExceedsCredits, w => LedgerHarness.Tx(w.Wallet, w.Capped, 1_000), "exceeds credits before exceeds debits");
        yield return C(R.PendingTransferNotFound, w => LedgerHarness.Post(Guid.NewGuid(), 5) with { Code = 3 }, "not found before code");
        yield return C(R.PendingTransferHasDifferentDebitAccountId, w => LedgerHarness.Post(w.Hold, 100) with { DebitAccountId = w.Full }, "debit before amount");
        yield return C(R.ExceedsPendingTransferAmount, w => LedgerHarness.Post(w.PostedHold, 2), "amount before already posted");
        yield return C(R.PendingTransferAlreadyVoided, w => LedgerHarness.Post(w.VoidedHold), "already voided on post");
    }

    [TestCaseSource(nameof(Cases))]
    public void Earlier_rule_wins(Func<World, Transfer> build, R expected)
    {
        var w = new World();
        Assert.That(w.H.Submit(build(w))[0], Is.EqualTo(expected));
    }

    [Test]
    public void Overflowing_timeout_is_a_result()
    {
        var h = new LedgerHarness { Now = long.MaxValue - (10 * LedgerHarness.Second) };
        var a = h.NewAccount();
        var b = h.NewAccount();
        h.Expect(R.OverflowsTimeout, LedgerHarness.Tx(a, b, 1, F.Pending, timeout: 11));
        h.Expect(R.Ok, LedgerHarness.Tx(a, b, 1, F.Pending, timeout: 9));
    }

    [Test]
    public void Every_result_has_a_snake_case_wire_name()
    {
        Assert.Multiple(() =>
        {
            Assert.That(R.Ok.ToSnakeCase(), Is.EqualTo("created"));
            Assert.That(R.ExceedsCredits.ToSnakeCase(), Is.EqualTo("exceeds_credits"));
            Assert.That(R.LinkedEventFailed.ToSnakeCase(), Is.EqualTo("linked_event_failed"));
            Assert.That(R.ExistsWithDifferentAmount.ToSnakeCase(), Is.EqualTo("exists_with_different_amount"));
            Assert.That(R.IdAlreadyFailed.ToSnakeCase(), Is.EqualTo("id_already_failed"));
            Assert.That(CreateAccountResult.Ok.ToSnakeCase(), Is.EqualTo("created"));
            Assert.That(CreateAccountResult.Exists.ToSnakeCase(), Is.EqualTo("exists"));
            Assert.That(Enum.GetValues<R>().Select(r => r.ToSnakeCase()), Is.Unique.And.All.Matches("^[a-z_]+$"));
        });
    }
}
