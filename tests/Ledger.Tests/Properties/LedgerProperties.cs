using CsCheck;
using F = Jade.Ledger.Domain.Transfers.TransferFlags;
using R = Jade.Ledger.Domain.Transfers.CreateTransferResult;

namespace Jade.Ledger.Tests.Properties;

/// <summary>
/// Random accounts and random batches (single-phase, pending, post, void, balancing, closing, linked, huge amounts,
/// expiring holds) checked against the ledger's invariants after every batch.
/// </summary>
public sealed class LedgerProperties
{
    private const int AccountCount = 6;

    /// <summary>One generated transfer, by kind; account and pending references are indexes resolved at run time.</summary>
    public sealed record Op(int Kind, int Dr, int Cr, long Amount, bool Linked, uint Timeout, int Ref);

    public sealed record Scenario(int[] AccountFlags, bool[] Usd, (Op[] Ops, int Advance)[] Batches);

    private static readonly Gen<long> Amount = Gen.Int[0, 9].SelectMany(k => k switch
    {
        0 => Gen.Const(0L),
        1 => Gen.Const(long.MaxValue),
        2 => Gen.Long[long.MaxValue / 2, long.MaxValue],
        _ => Gen.Long[1, 60],
    });

    private static readonly Gen<Op> OpGen = Gen.Select(Gen.Int[0, 7], Gen.Int[0, AccountCount - 1], Gen.Int[0, AccountCount - 1],
        Amount, Gen.Int[0, 4], Gen.UInt[0, 3], Gen.Int[0, 1000],
        (kind, dr, cr, amount, linked, timeout, r) => new Op(kind, dr, cr, amount, linked == 0, timeout, r));

    private static readonly Gen<Scenario> ScenarioGen = Gen.Select(
        Gen.Int[0, 2].Array[AccountCount], Gen.Bool.Array[AccountCount],
        Gen.Select(OpGen.Array[1, 12], Gen.Int[0, 3]).Array[1, 8],
        (flags, usd, batches) => new Scenario(flags, usd, batches));

    [Test]
    public void Random_batches_keep_every_invariant() =>
        ScenarioGen.Sample(scenario => Run(scenario, itemByItem: false), iter: 400);

    [Test]
    public void Every_rejected_item_leaves_all_balances_identical() =>
        ScenarioGen.Sample(scenario => Run(scenario, itemByItem: true), iter: 300);

    private static void Run(Scenario s, bool itemByItem)
    {
        var state = new InMemoryLedger();
        var now = 1_000 * LedgerHarness.Second;
        var ids = new Guid[AccountCount];
        var accounts = new List<Account>();
        for (var i = 0; i < AccountCount; i++)
        {
            ids[i] = Guid.CreateVersion7();
            var flags = s.AccountFlags[i] switch
            {
                1 => AccountFlags.DebitsMustNotExceedCredits,
                2 => AccountFlags.CreditsMustNotExceedDebits,
                _ => AccountFlags.None,
            };
            accounts.Add(new Account { Id = ids[i], Currency = s.Usd[i] ? "USD" : "CNY", Code = 1, Flags = flags });
        }
        Assert.That(LedgerEngine.CreateAccounts(state, accounts, now).All(r => r.Result == CreateAccountResult.Ok));

        var pendingIds = new List<Guid>();
        foreach (var (ops, advance) in s.Batches)
        {
            now += advance * LedgerHarness.Second;
            var batch = ops.Select(op => Build(op, ids, accounts, pendingIds)).ToArray();
            pendingIds.AddRange(batch.Where(t => t.Has(F.Pending)).Select(t => t.Id));

            if (itemByItem)
            {
                foreach (var t in batch)
                {
                    var single = t with { Flags = t.Flags & ~F.Linked };
                    LedgerEngine.ExpirePendingTransfers(state, now); // the sweep is not the item's effect
                    var before = state.SnapshotAccounts();
                    var result = LedgerEngine.CreateTransfers(state, [single], now)[0].Result;
                    if (result != R.Ok)
                    {
                        Assert.That(state.SnapshotAccounts(), Is.EquivalentTo(before), $"{result} changed balances");
                        Assert.That(state.FindTransfer(single.Id), Is.Null, $"{result} stored a transfer");
                    }
                }
            }
            else
            {
                var results = LedgerEngine.CreateTransfers(state, batch, now);
                foreach (var r in results)
                    Assert.That(state.FindTransfer(r.Id) is not null, Is.EqualTo(r.Result == R.Ok), $"{r.Result} vs stored");
            }
            CheckInvariants(state);
        }
    }

    private static Transfer Build(Op op, Guid[] ids, List<Account> accounts, List<Guid> pendingIds)
    {
        var linked = op.Linked ? F.Linked : F.None;
        var currency = accounts[op.Dr].Currency;
        var pendingRef = pendingIds.Count == 0 ? Guid.CreateVersion7() : pendingIds[op.Ref % pendingIds.Count];
        return op.Kind switch
        {
            2 => LedgerHarness.Post(pendingRef, op.Amount % 3 == 0 ? 0 : op.Amount) with { Flags = F.PostPendingTransfer | linked },
            3 => LedgerHarness.Void(pendingRef) with { Flags = F.VoidPendingTransfer | linked },
            _ => LedgerHarness.Tx(ids[op.Dr], ids[op.Cr], op.Amount, op.Kind switch
            {
                0 or 1 => F.Pending,
                4 => F.BalancingDebit,
                5 => F.BalancingCredit | F.Pending,
                6 => F.Pending | (op.Ref % 2 == 0 ? F.ClosingDebit : F.ClosingCredit),
                _ => F.None,
            } | linked, timeout: op.Kind is 0 or 1 ? op.Timeout : 0) with { Currency = currency },
        };
    }

    private static void CheckInvariants(InMemoryLedger state)
    {
        foreach (var currency in state.Accounts.Select(a => a.Currency).Distinct())
        {
            var inCurrency = state.Accounts.Where(a => a.Currency == currency).ToList();
            Int128 Sum(Func<Account, long> f) => inCurrency.Aggregate(Int128.Zero, (acc, a) => acc + f(a));
            Assert.That(Sum(a => a.DebitsPending), Is.EqualTo(Sum(a => a.CreditsPending)), $"pending conservation {currency}");
            Assert.That(Sum(a => a.DebitsPosted), Is.EqualTo(Sum(a => a.CreditsPosted)), $"posted conservation {currency}");
        }

        foreach (var a in state.Accounts)
        {
            Assert.That(a.DebitsPending >= 0 && a.DebitsPosted >= 0 && a.CreditsPending >= 0 && a.CreditsPosted >= 0, $"negative balance {a}");
            if (a.Has(AccountFlags.DebitsMustNotExceedCredits))
                Assert.That((Int128)a.DebitsPending + a.DebitsPosted, Is.LessThanOrEqualTo((Int128)a.CreditsPosted), $"overdraft {a}");
            if (a.Has(AccountFlags.CreditsMustNotExceedDebits))
                Assert.That((Int128)a.CreditsPending + a.CreditsPosted, Is.LessThanOrEqualTo((Int128)a.DebitsPosted), $"over-credit {a}");
        }

        // Balances are exactly a replay of the stored transfers from zero.
        var replay = state.Accounts.ToDictionary(a => a.Id, _ => new long[4]);
        foreach (var t in state.Transfers)
        {
            var dr = replay[t.DebitAccountId];
            var cr = replay[t.CreditAccountId];
            if (t.Has(F.Pending))
            {
                if (state.GetPendingStatus(t.Id) != PendingStatus.Pending) continue;
                dr[0] = checked(dr[0] + t.Amount);
                cr[2] = checked(cr[2] + t.Amount);
            }
            else if (!t.Has(F.VoidPendingTransfer))
            {
                dr[1] = checked(dr[1] + t.Amount);
                cr[3] = checked(cr[3] + t.Amount);
            }
        }
        foreach (var a in state.Accounts)
            Assert.That(replay[a.Id], Is.EqualTo(new[] { a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted }), "replay");

        var stamps = state.Transfers.Select(t => t.Timestamp).ToList();
        Assert.That(stamps, Is.Ordered.Ascending.And.Unique, "timestamps strictly increase");
    }
}
