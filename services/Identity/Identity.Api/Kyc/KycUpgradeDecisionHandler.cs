using Jade.Contracts.Identity;
using Jade.Contracts.Risk;
using Jade.Identity.Users;
using Jade.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Jade.Identity.Kyc;

/// <summary>
/// Applies a risk officer's decision on a level 3 application (<see cref="CaseResolved"/> of kind
/// <see cref="KycUpgradeChoices.CaseKind"/>). Runs in the inbox transaction, so a redelivery is a no-op; the
/// application moves by compare-and-set from pending, so a second decision for it is ignored. Approval raises the
/// profile to level 3 (only from a verified level 2) and announces <see cref="KycVerified"/>, which payments and risk
/// turn into the higher limits; a decline announces <see cref="KycUpgradeRejected"/> with the date the customer may
/// apply again.
/// </summary>
internal sealed class KycUpgradeDecisionHandler(
    IdentityDb db,
    IOutbox outbox,
    KycUpgradePolicy policy,
    TimeProvider time,
    ILogger<KycUpgradeDecisionHandler> logger) : IMessageHandler<CaseResolved>
{
    public async Task HandleAsync(CaseResolved message, MessageContext context, CancellationToken ct)
    {
        if (message.Kind != KycUpgradeChoices.CaseKind) return;
        var approved = message.Resolution switch
        {
            "approve" => true,
            "decline" => false,
            // A contract violation: fail, so the message ends in the error queue for an operator.
            _ => throw new InvalidOperationException($"Unknown case resolution '{message.Resolution}'."),
        };

        var status = approved ? KycUpgradeStatuses.Approved : KycUpgradeStatuses.Rejected;
        var changed = await db.Set<KycUpgradeApplication>()
            .Where(a => a.Id == message.SubjectId && a.UserId == message.CustomerId && a.Status == KycUpgradeStatuses.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, status)
                .SetProperty(a => a.DecidedAt, message.ResolvedAt)
                .SetProperty(a => a.CaseId, message.CaseId)
                .SetProperty(a => a.DecisionMessageId, context.MessageId), ct);
        if (changed == 0)
        {
            logger.LogInformation("Ignoring decision {Resolution} of case {CaseId}: application {ApplicationId} is unknown or already decided",
                message.Resolution, message.CaseId, message.SubjectId);
            return;
        }

        if (approved)
        {
            await RaiseToEnhancedAsync(message, context, ct);
        }
        else
        {
            outbox.Add(new KycUpgradeRejected(message.CustomerId, message.SubjectId, message.ResolvedAt, message.ResolvedAt + policy.ReapplyAfter),
                context.CorrelationId);
        }
        logger.LogInformation("KYC level 3 application {ApplicationId} of user {UserId} {Status} (case {CaseId})",
            message.SubjectId, message.CustomerId, status, message.CaseId);
    }

    private async Task RaiseToEnhancedAsync(CaseResolved message, MessageContext context, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Only the submission id is needed for the history entry: no personal data is read (or decrypted) here.
        var submissionId = await db.Set<KycProfile>().Where(p => p.UserId == message.CustomerId).Select(p => (Guid?)p.SubmissionId)
            .FirstOrDefaultAsync(ct);
        var raised = submissionId is null ? 0 : await db.Set<KycProfile>()
            .Where(p => p.UserId == message.CustomerId && p.Status == KycStatuses.Verified && p.Level == KycLevels.Verified)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Level, KycLevels.Enhanced).SetProperty(p => p.UpdatedAt, now), ct);
        if (raised == 0)
        {
            // Applications are taken only at level 2, so this is a profile already at level 3 (or one an operator changed).
            logger.LogWarning("KYC level 3 application {ApplicationId} approved but the profile of user {UserId} is not a verified level 2; level unchanged",
                message.SubjectId, message.CustomerId);
            return;
        }
        db.Set<KycHistoryEntry>().Add(new KycHistoryEntry
        {
            Id = Guid.CreateVersion7(now),
            UserId = message.CustomerId,
            SubmissionId = submissionId!.Value,
            FromStatus = KycStatuses.Verified,
            ToStatus = KycStatuses.Verified,
            Level = KycLevels.Enhanced,
            CaseId = message.CaseId,
            Actor = KycActors.Risk,
            MessageId = context.MessageId,
            OccurredAt = now,
        });
        outbox.Add(new KycVerified(message.CustomerId, message.SubjectId, KycLevels.Enhanced, message.ResolvedAt), context.CorrelationId);
    }
}
