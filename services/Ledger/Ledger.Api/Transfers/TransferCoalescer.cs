using Jade.Ledger.Domain.Results;
using Jade.Ledger.Domain.Transfers;
using Microsoft.Extensions.Options;

namespace Jade.Ledger.Transfers;

public sealed class CoalescingOptions
{
    /// <summary>
    /// Batches in flight at once. One, as in TigerBeetle, measured best (tests/Benchmarks): popular accounts sit in
    /// nearly every batch, so concurrent batches mostly wait for each other's locks, while a single one grows to take
    /// everything that queued during the previous commit.
    /// </summary>
    public int MaxConcurrentBatches { get; set; } = 1;
}

/// <summary>
/// Coalesces concurrent small requests into one ledger batch ("natural batching"): a request starts a batch at once
/// when a slot is free; otherwise it waits in the queue and joins the next batch with everything else that arrived
/// meanwhile. A hot account is then locked once per batch instead of once per request, and a commit is shared.
/// Applying requests back to back in one batch is the same as applying them one after another, because results are
/// per item — except for an open linked chain (it would swallow the next request) and imported items (a batch is
/// either all imported or none), which therefore never come here.
/// </summary>
public sealed class TransferCoalescer(LedgerStore store, IOptions<CoalescingOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Queue<Request> _queue = new();
    private int _inFlight;

    public static bool CanCoalesce(IReadOnlyList<Transfer> transfers) =>
        transfers.Count > 0 && !transfers[^1].Has(TransferFlags.Linked) && !transfers.Any(t => t.Has(TransferFlags.Imported));

    public Task<IReadOnlyList<ItemResult<CreateTransferResult>>> SubmitAsync(IReadOnlyList<Transfer> transfers)
    {
        var request = new Request(transfers);
        bool startDrain;
        lock (_gate)
        {
            _queue.Enqueue(request);
            startDrain = _inFlight < options.Value.MaxConcurrentBatches;
            if (startDrain) _inFlight++;
        }
        if (startDrain) _ = Task.Run(DrainAsync);
        return request.Completion.Task;
    }

    private async Task DrainAsync()
    {
        while (TakeBatch() is { Count: > 0 } requests)
        {
            try
            {
                // Once queued, a request is applied even if its caller has gone: the result is the same on a retry.
                var results = await store.CreateTransfersAsync([.. requests.SelectMany(r => r.Transfers)], CancellationToken.None);
                var offset = 0;
                foreach (var r in requests)
                {
                    r.Completion.SetResult([.. results.Skip(offset).Take(r.Transfers.Count).Select((x, i) => x with { Index = i })]);
                    offset += r.Transfers.Count;
                }
            }
            catch (Exception e)
            {
                foreach (var r in requests) r.Completion.TrySetException(e);
            }
        }
    }

    /// <summary>Takes whole requests up to the batch limit, or releases this drain's slot when the queue is empty.</summary>
    private List<Request> TakeBatch()
    {
        lock (_gate)
        {
            var batch = new List<Request>();
            var items = 0;
            while (_queue.TryPeek(out var next) && (batch.Count == 0 || items + next.Transfers.Count <= TransferEndpoints.MaxBatch))
            {
                batch.Add(_queue.Dequeue());
                items += next.Transfers.Count;
            }
            if (batch.Count == 0) _inFlight--;
            return batch;
        }
    }

    private sealed record Request(IReadOnlyList<Transfer> Transfers)
    {
        public TaskCompletionSource<IReadOnlyList<ItemResult<CreateTransferResult>>> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
