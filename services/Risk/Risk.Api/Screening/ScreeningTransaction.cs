namespace Jade.Risk.Screening;

/// <summary>
/// A money movement as risk sees it, before it happens: what rules, the behaviour tracker and the fraud model read.
/// Amount in minor units of <see cref="Currency"/>.
/// </summary>
public sealed record ScreeningTransaction(
    Guid TransactionId,
    string Type,
    long Amount,
    string Currency,
    Guid PayerId,
    Guid? PayeeId,
    string? PayeeName,
    string Channel,
    string? DeviceId,
    string? IpAddress,
    DateTimeOffset OccurredAt);

/// <summary>The transaction types risk screens.</summary>
public static class TransactionTypes
{
    public const string P2P = "p2p";
    public const string Withdrawal = "withdrawal";
    public const string TopUp = "topup";
    public const string Payment = "payment";

    public static readonly string[] All = [P2P, Withdrawal, TopUp, Payment];
}
