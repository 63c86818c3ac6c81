namespace Jade.Payments.Sagas;

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

    /// <summary>How long a top-up waits for the customer to confirm at the card acquirer before asking it and giving up.</summary>
    public TimeSpan ConfirmationTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long after the payout request the rail is first asked for an outcome that has not been notified.</summary>
    public TimeSpan PayoutTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long after the refund request the acquirer is first asked for an outcome that has not been notified.</summary>
    public TimeSpan RefundTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the live sagas are counted for <see cref="SagaMetrics"/>.</summary>
    public TimeSpan MetricsSampleInterval { get; set; } = TimeSpan.FromSeconds(15);
}
