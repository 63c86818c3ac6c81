namespace Jade.Contracts.Risk;

/// <summary>
/// Risk's verdict on a <c>KycSubmitted</c>. v1. <paramref name="Outcome"/> is one of <see cref="KycOutcomes"/>:
/// <c>cleared</c> (no possible sanctions match, or an officer cleared the case), <c>review</c> (a case was opened; a
/// second message with the officer's verdict follows) or <c>rejected</c> (an officer declined).
/// </summary>
public sealed record KycScreeningCompleted(
    Guid SubmissionId, Guid UserId, string Outcome, Guid? CaseId, IReadOnlyList<string> Reasons, DateTimeOffset DecidedAt);

public static class KycOutcomes
{
    public const string Cleared = "cleared";
    public const string Review = "review";
    public const string Rejected = "rejected";
}
