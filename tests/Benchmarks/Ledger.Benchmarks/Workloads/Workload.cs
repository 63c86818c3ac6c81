namespace Jade.Ledger.Benchmarks.Workloads;

/// <summary>Accounts several workloads share; every system creates and funds them once, untimed.</summary>
public sealed record AccountSet(string Name, IReadOnlyList<BenchAccount> Accounts);

/// <summary>
/// A workload as every system runs it: the same transfers, the same number of concurrent callers. A warm-up of its
/// own transfers runs first, untimed.
/// </summary>
public sealed record Workload(
    string Name,
    string Description,
    AccountSet Accounts,
    int Callers,
    IReadOnlyList<Phase> Warmup,
    IReadOnlyList<Phase> Timed)
{
    /// <summary>
    /// Transfers B1 runs of the timed phases and of the warm-up: W1 caps them, because B1 replays a batch as thousands of
    /// sequential transactions. Its requests are cut to fit, so its last one may be a partial batch.
    /// </summary>
    public (int Timed, int Warmup) B1Limit { get; init; } = (int.MaxValue, int.MaxValue);

    public static int TransferCount(IEnumerable<Phase> phases) => phases.Sum(p => p.Requests.Sum(r => r.Transfers.Count));
}
