using Jade.Ledger.Domain.State;

namespace Jade.Ledger.Domain.Linked;

/// <summary>
/// Applies a batch in order, treating each run of linked items (every member flagged linked except the last) as
/// one atomic unit: the first failing member keeps its own result, every other member gets
/// <c>linked_event_failed</c>, and the chain's writes are rolled back through the state's scope so later items of
/// the same batch never see them. A chain still open at the end of the batch fails as a whole without being
/// evaluated: its last item reports <c>linked_event_chain_open</c>.
/// </summary>
internal static class ChainRunner
{
    public static TResult[] Run<TResult>(
        ILedgerState state,
        int count,
        Func<int, bool> isLinked,
        Func<int, TResult> execute,
        ChainResults<TResult> codes,
        Action<int, TResult> onFailure)
        where TResult : struct, Enum
    {
        var results = new TResult[count];
        var i = 0;
        while (i < count)
        {
            var end = i;
            while (end < count && isLinked(end)) end++;

            if (end == count)
            {
                for (var k = i; k < count - 1; k++) results[k] = codes.LinkedEventFailed;
                results[count - 1] = codes.ChainOpen;
                break;
            }

            if (end == i)
            {
                results[i] = execute(i);
                if (!IsOk(results[i], codes)) onFailure(i, results[i]);
                i++;
                continue;
            }

            RunChain(state, i, end, execute, codes, onFailure, results);
            i = end + 1;
        }
        return results;
    }

    private static void RunChain<TResult>(
        ILedgerState state, int first, int last, Func<int, TResult> execute, ChainResults<TResult> codes,
        Action<int, TResult> onFailure, TResult[] results)
        where TResult : struct, Enum
    {
        state.BeginScope();
        for (var k = first; k <= last; k++)
        {
            var result = execute(k);
            if (IsOk(result, codes))
            {
                results[k] = result;
                continue;
            }

            state.RollbackScope();
            for (var m = first; m <= last; m++) results[m] = codes.LinkedEventFailed;
            results[k] = result;
            // Outside the scope on purpose: a transient failure must outlive the rollback.
            onFailure(k, result);
            return;
        }
        state.CommitScope();
    }

    private static bool IsOk<TResult>(TResult result, ChainResults<TResult> codes) where TResult : struct, Enum =>
        EqualityComparer<TResult>.Default.Equals(result, codes.Ok);
}

internal sealed record ChainResults<TResult>(TResult Ok, TResult LinkedEventFailed, TResult ChainOpen)
    where TResult : struct, Enum;
