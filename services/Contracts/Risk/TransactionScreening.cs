namespace Jade.Contracts.Risk;

/// <summary>
/// Request to screen a money movement before it happens. v1. Answered by <see cref="TransactionScreened"/>; a
/// repeated <paramref name="TransactionId"/> is answered with the decision already taken. Amount in minor units.
/// <paramref name="Type"/>: <c>p2p</c>, <c>withdrawal</c>, <c>topup</c>, <c>payment</c>.
/// </summary>
public sealed record ScreenTransaction(
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

/// <summary>
/// Risk's decision on a transaction. v1. <paramref name="Outcome"/>: <c>approve</c>, <c>review</c> (a case is open;
/// <see cref="CaseResolved"/> follows) or <c>decline</c>. Reasons are stable codes, e.g. <c>velocity.payer.count.1h</c>.
/// </summary>
public sealed record TransactionScreened(
    Guid TransactionId, Guid DecisionId, string Outcome, int Score, IReadOnlyList<string> Reasons, Guid? CaseId);

/// <summary>
/// An officer resolved a review case. v1. <paramref name="Kind"/> is <c>transaction</c> or <c>kyc</c>;
/// <paramref name="SubjectId"/> the transaction or KYC submission id; <paramref name="Resolution"/> <c>approve</c> or
/// <c>decline</c>.
/// </summary>
public sealed record CaseResolved(
    Guid CaseId, string Kind, Guid SubjectId, Guid CustomerId, string Resolution, DateTimeOffset ResolvedAt);

/// <summary>A review case was opened for an officer. v1. Fields as in <see cref="CaseResolved"/>.</summary>
public sealed record CaseOpened(Guid CaseId, string Kind, Guid SubjectId, Guid CustomerId, DateTimeOffset OpenedAt);
