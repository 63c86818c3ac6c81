namespace Jade.Ledger.Tests.Transfers;

/// <summary>A small ledger in a known state that every result-code case starts from.</summary>
public sealed class World
{
    public LedgerHarness H { get; } = new();
    public Guid Wallet { get; }       // debits must not exceed credits, 100 posted credits, 10 held by Hold
    public Guid Other { get; }        // unconstrained CNY
    public Guid Usd { get; }          // unconstrained USD
    public Guid Usd2 { get; }
    public Guid Capped { get; }       // credits must not exceed debits, 0 debits
    public Guid Closed { get; }       // created closed
    public Guid Full { get; }         // debits posted at long.MaxValue - 5
    public Guid Sink { get; }         // credits posted at long.MaxValue - 5
    public Guid BigHoldSource { get; } // debits pending at long.MaxValue - 5
    public Guid BigHoldTarget { get; } // credits pending at long.MaxValue - 5
    public Guid Hold { get; }         // pending Wallet→Other 10, no timeout
    public Guid Single { get; }       // single-phase Other→Wallet 100
    public Guid PostedHold { get; }
    public Guid VoidedHold { get; }
    public Guid ExpiredHold { get; }
    public Guid FailedId { get; }     // failed earlier with exceeds_credits

    public World()
    {
        Other = H.NewAccount();
        Wallet = H.NewAccount(AccountFlags.DebitsMustNotExceedCredits);
        Usd = H.NewAccount(currency: "USD");
        Usd2 = H.NewAccount(currency: "USD");
        Capped = H.NewAccount(AccountFlags.CreditsMustNotExceedDebits);
        Closed = H.NewAccount(AccountFlags.Closed);
        Full = H.NewAccount();
        Sink = H.NewAccount();
        BigHoldSource = H.NewAccount();
        BigHoldTarget = H.NewAccount();
        H.Expect(CreateTransferResult.Ok, LedgerHarness.Tx(BigHoldSource, BigHoldTarget, long.MaxValue - 5, TransferFlags.Pending));
        var single = LedgerHarness.Tx(Other, Wallet, 100);
        Single = single.Id;
        H.Expect(CreateTransferResult.Ok, single);
        H.Expect(CreateTransferResult.Ok, LedgerHarness.Tx(Full, Sink, long.MaxValue - 5));
        var hold = LedgerHarness.Tx(Wallet, Other, 10, TransferFlags.Pending);
        Hold = hold.Id;
        H.Expect(CreateTransferResult.Ok, hold);
        var posted = LedgerHarness.Tx(Other, Full, 1, TransferFlags.Pending);
        PostedHold = posted.Id;
        H.Expect(CreateTransferResult.Ok, posted);
        H.Expect(CreateTransferResult.Ok, LedgerHarness.Post(PostedHold));
        var voided = LedgerHarness.Tx(Other, Full, 1, TransferFlags.Pending);
        VoidedHold = voided.Id;
        H.Expect(CreateTransferResult.Ok, voided);
        H.Expect(CreateTransferResult.Ok, LedgerHarness.Void(VoidedHold));
        var expiring = LedgerHarness.Tx(Other, Full, 1, TransferFlags.Pending, timeout: 1);
        ExpiredHold = expiring.Id;
        H.Expect(CreateTransferResult.Ok, expiring);
        var failed = LedgerHarness.Tx(Wallet, Other, 1_000);
        FailedId = failed.Id;
        H.Expect(CreateTransferResult.ExceedsCredits, failed);
        H.Now += 2 * LedgerHarness.Second;
        // Sweep now so a case's before/after snapshot only sees the case's own effect.
        Assert.That(LedgerEngine.ExpirePendingTransfers(H.State, H.Now), Is.EqualTo(new[] { ExpiredHold }));
    }

    public Transfer Tx(long amount = 1, TransferFlags flags = TransferFlags.None) =>
        LedgerHarness.Tx(Other, Wallet, amount, flags);
}
