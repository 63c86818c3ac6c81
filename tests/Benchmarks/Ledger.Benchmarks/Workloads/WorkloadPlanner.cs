namespace Jade.Ledger.Benchmarks.Workloads;

/// <summary>
/// Generates the four workloads of the ledger issue from one seed, so every system sees exactly the same transfers.
/// Wallets carry the no-overdraft flag and are funded far beyond what a run can spend: every transfer should be
/// <c>created</c>, and the no-overdraft check still runs on every debit.
/// </summary>
public sealed class WorkloadPlanner(BenchOptions options)
{
    private const long WalletFunds = 1_000_000_000;
    private const long HotFunds = 1_000_000_000_000;

    private readonly Random _random = new(options.Seed);
    private AccountSet? _small;
    private (AccountSet Set, Guid[] ByRank, Guid Hot)? _large;

    /// <summary>W1: batches of 8,190 transfers between uniformly chosen accounts of 10k, one call at a time.</summary>
    public Workload W1()
    {
        var set = _small ??= Wallets("10k wallets", options.W1Accounts, hot: null);
        var ids = set.Accounts.Select(a => a.Id).ToArray();
        Request Batch() => new([.. Enumerable.Range(0, options.BatchSize).Select(_ => Single(Pick(ids), ids))]);
        return new Workload("W1", $"batches of {options.BatchSize:N0}/call, {ids.Length:N0} accounts, 1 caller", set, 1,
            [new Phase([Batch()])],
            [new Phase([.. Enumerable.Range(0, options.W1Batches).Select(_ => Batch())])])
        {
            B1Limit = (options.W1BaselineB1Transfers, Math.Min(options.W1BaselineB1Transfers, options.WarmupRequests)),
        };
    }

    /// <summary>W2: one transfer per request, debit and credit drawn from Zipf(s) over the large set.</summary>
    public Workload W2()
    {
        var (set, byRank, _) = Large();
        var zipf = new Zipf(byRank.Length, options.ZipfExponent, _random);
        Phase Singles(int n) => new([.. Enumerable.Range(0, n).Select(_ => One(Single(byRank[zipf.Next()], byRank, zipf)))]);
        return new Workload("W2", $"1 transfer/request, {options.Callers} callers, {byRank.Length:N0} accounts, Zipf {options.ZipfExponent}",
            set, options.Callers, [Singles(options.WarmupRequests)], [Singles(options.W2Transfers)]);
    }

    /// <summary>W3: as W2, but every transfer debits the one hot account (which must not overdraw).</summary>
    public Workload W3()
    {
        var (set, byRank, hot) = Large();
        var zipf = new Zipf(byRank.Length, options.ZipfExponent, _random);
        Phase Singles(int n) => new([.. Enumerable.Range(0, n).Select(_ => One(Single(hot, byRank, zipf)))]);
        return new Workload("W3", $"as W2, every transfer debits 1 hot account", set, options.Callers,
            [Singles(options.WarmupRequests)], [Singles(options.W3Transfers)]);
    }

    /// <summary>
    /// W4: half the transfers are holds (pending), then every hold is posted or voided (alternately, in shuffled order):
    /// one transfer per request, 64 callers, two phases because a post needs its hold to exist.
    /// </summary>
    public Workload W4()
    {
        var (set, byRank, _) = Large();
        var zipf = new Zipf(byRank.Length, options.ZipfExponent, _random);
        Phase[] HoldsThenResolutions(int total)
        {
            var holds = Enumerable.Range(0, total / 2).Select(_ => Single(byRank[zipf.Next()], byRank, zipf) with { Kind = TransferKind.Pending }).ToArray();
            var resolutions = holds.Select((h, i) => h with
            {
                Id = Guid.CreateVersion7(),
                Kind = i % 2 == 0 ? TransferKind.Post : TransferKind.Void,
                PendingId = h.Id,
            }).ToArray();
            _random.Shuffle(resolutions);
            return [new Phase([.. holds.Select(One)]), new Phase([.. resolutions.Select(One)])];
        }
        return new Workload("W4", $"half pending, then post/void; 1 transfer/request, {options.Callers} callers", set, options.Callers,
            HoldsThenResolutions(options.WarmupRequests), HoldsThenResolutions(options.W4Transfers));
    }

    private (AccountSet Set, Guid[] ByRank, Guid Hot) Large()
    {
        if (_large is { } large) return large;
        var hot = new BenchAccount(Guid.CreateVersion7(), NoOverdraft: true, HotFunds);
        var set = Wallets($"{options.Accounts / 1000}k wallets + hot", options.Accounts, hot);
        // Rank order is a random permutation of the wallets, so the popular accounts are not neighbours in the id index.
        var byRank = set.Accounts.Where(a => a.Id != hot.Id).Select(a => a.Id).ToArray();
        _random.Shuffle(byRank);
        _large = (set, byRank, hot.Id);
        return _large.Value;
    }

    private static AccountSet Wallets(string name, int count, BenchAccount? hot)
    {
        var wallets = Enumerable.Range(0, count).Select(_ => new BenchAccount(Guid.CreateVersion7(), NoOverdraft: true, WalletFunds));
        return new AccountSet(name, [.. wallets, .. hot is null ? [] : new[] { hot }]);
    }

    private Guid Pick(Guid[] ids) => ids[_random.Next(ids.Length)];

    private PlannedTransfer Single(Guid debit, Guid[] ids) => Single(debit, () => Pick(ids));

    private PlannedTransfer Single(Guid debit, Guid[] byRank, Zipf zipf) => Single(debit, () => byRank[zipf.Next()]);

    /// <summary>A transfer of 1-100 minor units from <paramref name="debit"/> to a different, freshly drawn account.</summary>
    private PlannedTransfer Single(Guid debit, Func<Guid> draw)
    {
        var credit = draw();
        while (credit == debit) credit = draw();
        return new PlannedTransfer(Guid.CreateVersion7(), debit, credit, _random.NextInt64(1, 101), TransferKind.Single);
    }

    private static Request One(PlannedTransfer transfer) => new([transfer]);
}
