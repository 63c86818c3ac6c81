namespace Jade.Payments.Transfers;

public sealed class SagaOptions
{
    /// <summary>How long a step may wait for its reply before the saga sends it again (doubling, up to <see cref="MaxResendInterval"/>).</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxResendInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a payment waits for a risk officer before it is voided.</summary>
    public TimeSpan ReviewTimeout { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How much longer than the review the ledger keeps the hold: if payments itself were down past its own deadline, the
    /// ledger still releases the money in the end.
    /// </summary>
    public TimeSpan HoldMargin { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
