namespace Jade.Ledger.Tests;

/// <summary>A ledger with a controllable clock and terse builders for scenario tests.</summary>
public sealed class LedgerHarness
{
    public const long Second = PendingStatusExtensions.NanosPerSecond;

    public InMemoryLedger State { get; } = new();

    public long Now { get; set; } = 1_700_000_000 * Second;

    public Guid NewAccount(AccountFlags flags = AccountFlags.None, string currency = "CNY")
    {
        var account = new Account { Id = Guid.CreateVersion7(), Currency = currency, Code = 1, Flags = flags };
        var result = LedgerEngine.CreateAccounts(State, [account], Now).Single().Result;
        Assert.That(result, Is.EqualTo(CreateAccountResult.Ok));
        return account.Id;
    }

    /// <summary>An account funded with <paramref name="credits"/> posted credits from a fresh unconstrained source.</summary>
    public Guid Funded(long credits, AccountFlags flags = AccountFlags.DebitsMustNotExceedCredits)
    {
        var id = NewAccount(flags);
        if (credits > 0) Expect(CreateTransferResult.Ok, Tx(NewAccount(), id, credits));
        return id;
    }

    public static Transfer Tx(Guid debit, Guid credit, long amount, TransferFlags flags = TransferFlags.None,
        uint timeout = 0, Guid? id = null) => new()
        {
            Id = id ?? Guid.CreateVersion7(),
            DebitAccountId = debit,
            CreditAccountId = credit,
            Amount = amount,
            Currency = "CNY",
            Code = 1,
            Flags = flags,
            TimeoutSeconds = timeout,
        };

    public static Transfer Post(Guid pendingId, long amount = 0, Guid? id = null) => new()
    {
        Id = id ?? Guid.CreateVersion7(),
        PendingId = pendingId,
        Amount = amount,
        Flags = TransferFlags.PostPendingTransfer,
    };

    public static Transfer Void(Guid pendingId, long amount = 0, Guid? id = null) => new()
    {
        Id = id ?? Guid.CreateVersion7(),
        PendingId = pendingId,
        Amount = amount,
        Flags = TransferFlags.VoidPendingTransfer,
    };

    public CreateTransferResult[] Submit(params Transfer[] transfers) =>
        [.. LedgerEngine.CreateTransfers(State, transfers, Now).Select(r => r.Result)];

    public void Expect(CreateTransferResult expected, Transfer transfer) =>
        Assert.That(Submit(transfer)[0], Is.EqualTo(expected), $"transfer {transfer.Flags} {transfer.Amount}");

    public Account Account(Guid id) => State.FindAccount(id) ?? throw new InvalidOperationException("no account");

    public (long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted) Balances(Guid id)
    {
        var a = Account(id);
        return (a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted);
    }
}
