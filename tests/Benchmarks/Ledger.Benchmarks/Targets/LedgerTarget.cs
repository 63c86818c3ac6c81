using System.Collections.Concurrent;
using Jade.Ledger.Benchmarks.Workloads;

namespace Jade.Ledger.Benchmarks.Targets;

/// <summary>A request made ready outside the timed section: Jade's JSON body is serialized here, not while timing.</summary>
public sealed record PreparedRequest(Request Request, ReadOnlyMemory<byte> Body);

/// <summary>One of the compared systems: Jade over HTTP, or a raw-SQL baseline.</summary>
public abstract class LedgerTarget : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);

    public abstract string Name { get; }

    /// <summary>Creates and funds the accounts, untimed.</summary>
    public abstract Task SetUpAsync(AccountSet accounts, CancellationToken ct);

    public virtual PreparedRequest Prepare(Request request) => new(request, ReadOnlyMemory<byte>.Empty);

    /// <summary>Executes one request; returns how many of its transfers were not created.</summary>
    public abstract Task<int> SubmitAsync(PreparedRequest request, CancellationToken ct);

    /// <summary>Bytes on disk (heap, TOAST and indexes) of what stores transfers, and how many transfers that is.</summary>
    public abstract Task<(long Bytes, long Transfers)> StorageAsync(CancellationToken ct);

    /// <summary>Why transfers were not created since the last call, with counts; the report must explain every one.</summary>
    public IReadOnlyDictionary<string, int> TakeFailures()
    {
        var taken = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in _failures.Keys)
        {
            if (_failures.TryRemove(key, out var count)) taken[key] = count;
        }
        return taken;
    }

    protected void NoteFailure(string reason, int count = 1) => _failures.AddOrUpdate(reason, count, (_, c) => c + count);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
