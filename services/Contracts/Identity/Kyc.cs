namespace Jade.Contracts.Identity;

/// <summary>
/// A customer submitted identity details for verification. v1. Carries only what screening needs (the national id
/// number and phone stay in identity). <paramref name="Nationality"/> is ISO 3166-1 alpha-2.
/// </summary>
public sealed record KycSubmitted(
    Guid SubmissionId, Guid UserId, string LegalName, DateOnly DateOfBirth, string Nationality, DateTimeOffset SubmittedAt);

/// <summary>A customer reached a KYC level (2 = identity verified). v1.</summary>
public sealed record KycVerified(Guid UserId, Guid SubmissionId, int Level, DateTimeOffset VerifiedAt);

/// <summary>A customer's verification was refused after review. v1.</summary>
public sealed record KycRejected(Guid UserId, Guid SubmissionId, DateTimeOffset RejectedAt);
