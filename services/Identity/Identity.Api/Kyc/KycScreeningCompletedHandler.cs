using Jade.Contracts.Identity;
using Jade.Contracts.Risk;
using Jade.Identity.Users;
using Jade.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Jade.Identity.Kyc;

/// <summary>
/// Applies risk's screening verdict to the customer's current submission. Runs in the inbox transaction, so a
/// redelivered message is a no-op; every change is compare-and-set on the status just read, so two verdicts handled at
/// once cannot overwrite each other (the loser throws, is retried and then sees the new status). Verdicts for an older
/// submission, or not allowed from the current status (e.g. "review" after "cleared"), are ignored.
/// </summary>
internal sealed class KycScreeningCompletedHandler(
    IdentityDb db,
    IOutbox outbox,
    TimeProvider time,
    ILogger<KycScreeningCompletedHandler> logger) : IMessageHandler<KycScreeningCompleted>
{
    public async Task HandleAsync(KycScreeningCompleted message, MessageContext context, CancellationToken cancellationToken)
    {
        var profiles = db.Set<KycProfile>();
        var profile = await profiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == message.UserId, cancellationToken);
        if (profile is null || profile.SubmissionId != message.SubmissionId)
        {
            logger.LogInformation("Ignoring KYC screening outcome {Outcome} for stale or unknown submission {SubmissionId} of user {UserId}",
                message.Outcome, message.SubmissionId, message.UserId);
            return;
        }

        switch (message.Outcome)
        {
            case KycOutcomes.Cleared when profile.Status is KycStatuses.Pending or KycStatuses.InReview:
                if (await profiles.AnyAsync(p => p.NationalIdHash == profile.NationalIdHash && p.Status == KycStatuses.Verified
                    && p.UserId != profile.UserId, cancellationToken))
                {
                    // Another account proved this identity meanwhile: one verified identity per national id.
                    logger.LogWarning("KYC submission {SubmissionId} of user {UserId} cleared by risk but its national id is verified on another account; rejecting",
                        message.SubmissionId, message.UserId);
                    await RejectAsync(profile, message, context, cancellationToken);
                    return;
                }
                await TransitionAsync(profile, KycStatuses.Verified, KycLevels.Verified, profile.CaseId ?? message.CaseId, message.DecidedAt, context, cancellationToken);
                outbox.Add(new KycVerified(profile.UserId, profile.SubmissionId, KycLevels.Verified, message.DecidedAt), context.CorrelationId);
                break;
            case KycOutcomes.Review when profile.Status is KycStatuses.Pending:
                await TransitionAsync(profile, KycStatuses.InReview, profile.Level, message.CaseId, decidedAt: null, context, cancellationToken);
                break;
            case KycOutcomes.Rejected when profile.Status is KycStatuses.Pending or KycStatuses.InReview:
                await RejectAsync(profile, message, context, cancellationToken);
                break;
            case KycOutcomes.Cleared or KycOutcomes.Review or KycOutcomes.Rejected:
                logger.LogInformation("Ignoring KYC screening outcome {Outcome} for submission {SubmissionId}: it is already {Status}",
                    message.Outcome, message.SubmissionId, profile.Status);
                break;
            default:
                // A contract violation: fail, so the message ends in the error queue for an operator.
                throw new InvalidOperationException($"Unknown KYC screening outcome '{message.Outcome}'.");
        }
    }

    private async Task RejectAsync(KycProfile profile, KycScreeningCompleted message, MessageContext context, CancellationToken ct)
    {
        await TransitionAsync(profile, KycStatuses.Rejected, profile.Level, profile.CaseId ?? message.CaseId, message.DecidedAt, context, ct);
        outbox.Add(new KycRejected(profile.UserId, profile.SubmissionId, message.DecidedAt), context.CorrelationId);
    }

    private async Task TransitionAsync(
        KycProfile profile, string to, int level, Guid? caseId, DateTimeOffset? decidedAt, MessageContext context, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var expected = profile.Status;
        var changed = await db.Set<KycProfile>()
            .Where(p => p.UserId == profile.UserId && p.SubmissionId == profile.SubmissionId && p.Status == expected)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Status, to)
                .SetProperty(p => p.Level, level)
                .SetProperty(p => p.CaseId, caseId)
                .SetProperty(p => p.DecidedAt, decidedAt)
                .SetProperty(p => p.UpdatedAt, now), ct);
        if (changed == 0)
        {
            throw new DbUpdateConcurrencyException(
                $"KYC submission {profile.SubmissionId} left status '{expected}' while a screening outcome was applied; retrying.");
        }
        db.Set<KycHistoryEntry>().Add(new KycHistoryEntry
        {
            Id = Guid.CreateVersion7(now),
            UserId = profile.UserId,
            SubmissionId = profile.SubmissionId,
            FromStatus = expected,
            ToStatus = to,
            Level = level,
            CaseId = caseId,
            Actor = KycActors.Risk,
            MessageId = context.MessageId,
            OccurredAt = now,
        });
        logger.LogInformation("KYC submission {SubmissionId} of user {UserId}: {From} -> {To} (case {CaseId})",
            profile.SubmissionId, profile.UserId, expected, to, caseId);
    }
}
