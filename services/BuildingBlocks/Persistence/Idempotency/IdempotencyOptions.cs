namespace Jade.Persistence.Idempotency;

/// <summary>Settings of the <c>Idempotency</c> section.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>How long a key and its answer are kept; a retry after that is a new request.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a request holds its key while it runs. A holder that died (the process was killed) leaves
    /// its key in flight; after the lease a retry takes it over, so the key is never stuck.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Request bodies above this size are not fingerprinted: the request is refused with 413.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
