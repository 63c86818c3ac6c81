namespace Jade.Risk.Behaviour;

/// <summary>
/// What the tracker knew just before a transaction, i.e. excluding it. Windows end at the transaction's
/// <see cref="At"/> inclusive (see <see cref="VelocityWindow"/>). "Payer" is every transaction the payer initiated,
/// top-ups included; "Payee" and "PayerIncoming" count money received as a payee.
/// </summary>
public sealed record BehaviourSnapshot(
    DateTimeOffset At,
    WindowStats Payer,
    WindowStats PayerIncoming,
    WindowStats Device,
    WindowStats Payee,
    IReadOnlyList<FlowEvent> PayerOutgoing24h,
    IReadOnlyList<FlowEvent> PayerIncoming24h,
    bool IsNewPayee,
    bool IsNewDevice,
    bool IsNewIpAddress,
    DateTimeOffset? PayerFirstSeen,
    DateTimeOffset? PayeeFirstSeen,
    double? SecondsSinceLastPayerTransaction,
    long PayerAmountCount,
    double? PayerAmountMean,
    double? PayerAmountStdDev,
    int DistinctPayeesOfPayer24h,
    int DistinctPayersOfPayee24h,
    int DevicePayerCount7d)
{
    /// <summary>How many standard deviations the amount is above the payer's usual outgoing amount; null until the
    /// payer has at least two outgoing transactions. The deviation is floored at one yuan so a payer who always pays
    /// the same amount does not turn every cent of difference into an alarm.</summary>
    public double? AmountZScore(long amount) =>
        PayerAmountMean is { } mean && PayerAmountStdDev is { } sd ? (amount - mean) / Math.Max(sd, 100) : null;
}
