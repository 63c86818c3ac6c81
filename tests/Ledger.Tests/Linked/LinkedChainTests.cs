using R = Jade.Ledger.Domain.Transfers.CreateTransferResult;
using F = Jade.Ledger.Domain.Transfers.TransferFlags;

namespace Jade.Ledger.Tests.Linked;

public sealed class LinkedChainTests
{
    [Test]
    public void Failing_member_fails_the_chain_and_its_effects_are_invisible_later_in_the_batch()
    {
        var h = new LedgerHarness();
        var wallet = h.Funded(100);
        var other = h.NewAccount();
        var first = LedgerHarness.Tx(wallet, other, 70, F.Linked);
        var second = LedgerHarness.Tx(wallet, other, 40);              // would exceed after the first
        var reuseFirstId = LedgerHarness.Tx(wallet, other, 70, id: first.Id); // first was rolled back: a new transfer
        var spendAll = LedgerHarness.Tx(wallet, other, 30);

        var results = h.Submit(first, second, reuseFirstId, spendAll);

        Assert.That(results, Is.EqualTo(new[] { R.LinkedEventFailed, R.ExceedsCredits, R.Ok, R.Ok }));
        Assert.That(h.Balances(wallet), Is.EqualTo((0L, 100L, 0L, 100L)));
        Assert.That(h.State.FindTransfer(second.Id), Is.Null);
        Assert.That(h.State.HasFailed(second.Id), Is.True, "transient failure remembered");
        Assert.That(h.State.HasFailed(first.Id), Is.False);
    }

    [Test]
    public void Successful_chain_commits_all_members()
    {
        var h = new LedgerHarness();
        var a = h.Funded(10);
        var b = h.NewAccount();
        Assert.That(h.Submit(LedgerHarness.Tx(a, b, 4, F.Linked), LedgerHarness.Tx(a, b, 6)), Is.EqualTo(new[] { R.Ok, R.Ok }));
        Assert.That(h.Balances(a).Item2, Is.EqualTo(10));
    }

    [Test]
    public void Chain_left_open_fails_without_effect()
    {
        var h = new LedgerHarness();
        var a = h.Funded(10);
        var b = h.NewAccount();
        var results = h.Submit(LedgerHarness.Tx(a, b, 1), LedgerHarness.Tx(a, b, 1, F.Linked), LedgerHarness.Tx(a, b, 1, F.Linked));
        Assert.That(results, Is.EqualTo(new[] { R.Ok, R.LinkedEventFailed, R.LinkedEventChainOpen }));
        Assert.That(h.Balances(a).Item2, Is.EqualTo(1));
    }

    [Test]
    public void Members_after_the_failure_are_not_evaluated_and_a_post_in_a_failed_chain_leaves_the_hold_pending()
    {
        var h = new LedgerHarness();
        var a = h.Funded(10);
        var b = h.NewAccount();
        var hold = LedgerHarness.Tx(a, b, 5, F.Pending);
        h.Expect(R.Ok, hold);
        var results = h.Submit(LedgerHarness.Post(hold.Id) with { Flags = F.PostPendingTransfer | F.Linked },
            LedgerHarness.Tx(a, b, 0) with { Code = 0, Flags = F.Linked },
            LedgerHarness.Tx(a, b, 1));
        Assert.That(results, Is.EqualTo(new[] { R.LinkedEventFailed, R.CodeMustNotBeZero, R.LinkedEventFailed }));
        Assert.That(h.State.GetPendingStatus(hold.Id), Is.EqualTo(PendingStatus.Pending));
        Assert.That(h.Balances(a), Is.EqualTo((5L, 0L, 0L, 10L)));
    }
}
