using R = Jade.Ledger.Domain.Transfers.CreateTransferResult;
using F = Jade.Ledger.Domain.Transfers.TransferFlags;

namespace Jade.Ledger.Tests.TwoPhase;

public sealed class TwoPhaseTests
{
    private LedgerHarness _h = null!;
    private Guid _wallet;
    private Guid _merchant;
    private Transfer _hold = null!;

    [SetUp]
    public void SetUp()
    {
        _h = new LedgerHarness();
        _wallet = _h.Funded(100);
        _merchant = _h.NewAccount();
        _hold = LedgerHarness.Tx(_wallet, _merchant, 60, F.Pending, timeout: 10);
        _h.Expect(R.Ok, _hold);
        // Expiry counts from the hold's engine-assigned timestamp (which may run ahead of the caller's clock).
        _h.Now = _h.State.FindTransfer(_hold.Id)!.Timestamp;
        Assert.That(_h.Balances(_wallet), Is.EqualTo((60L, 0L, 0L, 100L)));
    }

    [TestCase(0L, 60L, TestName = "post amount 0 posts the full hold")]
    [TestCase(long.MaxValue, 60L, TestName = "post amount max posts the full hold")]
    [TestCase(60L, 60L, TestName = "post the exact hold")]
    [TestCase(25L, 25L, TestName = "partial post releases the rest")]
    public void Post(long requested, long posted)
    {
        var post = LedgerHarness.Post(_hold.Id, requested);
        _h.Expect(R.Ok, post);
        Assert.Multiple(() =>
        {
            Assert.That(_h.Balances(_wallet), Is.EqualTo((0L, posted, 0L, 100L)));
            Assert.That(_h.Balances(_merchant), Is.EqualTo((0L, 0L, 0L, posted)));
            Assert.That(_h.State.FindTransfer(post.Id)!.Amount, Is.EqualTo(posted));
            Assert.That(_h.State.FindTransfer(post.Id)!.DebitAccountId, Is.EqualTo(_wallet), "resolved from the hold");
            Assert.That(_h.State.GetPendingStatus(_hold.Id), Is.EqualTo(PendingStatus.Posted));
        });
    }

    [Test]
    public void Void_releases_the_hold()
    {
        _h.Expect(R.Ok, LedgerHarness.Void(_hold.Id));
        Assert.That(_h.Balances(_wallet), Is.EqualTo((0L, 0L, 0L, 100L)));
        Assert.That(_h.Balances(_merchant), Is.EqualTo((0L, 0L, 0L, 0L)));
    }

    [Test]
    public void Resolving_twice_or_the_other_way_is_refused()
    {
        _h.Expect(R.Ok, LedgerHarness.Post(_hold.Id, 10));
        _h.Expect(R.PendingTransferAlreadyPosted, LedgerHarness.Post(_hold.Id, 10));
        _h.Expect(R.PendingTransferAlreadyPosted, LedgerHarness.Void(_hold.Id));
        Assert.That(_h.Balances(_wallet), Is.EqualTo((0L, 10L, 0L, 100L)));

        var second = LedgerHarness.Tx(_wallet, _merchant, 5, F.Pending);
        _h.Expect(R.Ok, second);
        _h.Expect(R.Ok, LedgerHarness.Void(second.Id, 5));
        _h.Expect(R.PendingTransferAlreadyVoided, LedgerHarness.Void(second.Id));
        _h.Expect(R.PendingTransferAlreadyVoided, LedgerHarness.Post(second.Id));
    }

    [TestCase(9, R.Ok, TestName = "post 1 ns... 9 s after: posts")]
    [TestCase(10, R.PendingTransferExpired, TestName = "post exactly at expiry: expired")]
    [TestCase(11, R.PendingTransferExpired, TestName = "post after expiry: expired")]
    public void Expiry_ladder(int secondsLater, R expected)
    {
        _h.Now += secondsLater * LedgerHarness.Second;
        _h.Expect(expected, LedgerHarness.Post(_hold.Id));
        var released = expected != R.Ok;
        Assert.That(_h.Balances(_wallet), Is.EqualTo(released ? (0L, 0L, 0L, 100L) : (0L, 60L, 0L, 100L)));
        if (released) Assert.That(_h.State.GetPendingStatus(_hold.Id), Is.EqualTo(PendingStatus.Expired));
    }

    [Test]
    public void One_nanosecond_before_expiry_still_posts()
    {
        _h.Now += (10 * LedgerHarness.Second) - 1;
        _h.Expect(R.Ok, LedgerHarness.Post(_hold.Id));
    }

    [Test]
    public void Sweep_releases_expired_holds_and_void_after_expiry_is_refused()
    {
        _h.Now += 10 * LedgerHarness.Second;
        Assert.That(LedgerEngine.ExpirePendingTransfers(_h.State, _h.Now), Is.EqualTo(new[] { _hold.Id }));
        Assert.That(_h.Balances(_wallet), Is.EqualTo((0L, 0L, 0L, 100L)));
        _h.Expect(R.PendingTransferExpired, LedgerHarness.Void(_hold.Id));
        Assert.That(LedgerEngine.ExpirePendingTransfers(_h.State, _h.Now), Is.Empty, "expires once");
    }

    [Test]
    public void Expired_hold_no_longer_blocks_spending()
    {
        _h.Expect(R.ExceedsCredits, LedgerHarness.Tx(_wallet, _merchant, 50));
        _h.Now += 10 * LedgerHarness.Second;
        _h.Expect(R.Ok, LedgerHarness.Tx(_wallet, _merchant, 100));
    }

    [Test]
    public void Post_retries_are_idempotent()
    {
        var partial = LedgerHarness.Post(_hold.Id, 20);
        _h.Expect(R.Ok, partial);
        _h.Expect(R.Exists, partial);
        _h.Expect(R.ExistsWithDifferentAmount, partial with { Amount = 0 });
        _h.Expect(R.Exists, partial with { Currency = "", Code = 0, DebitAccountId = Guid.Empty });
    }
}
