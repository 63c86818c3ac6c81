using System.Text.Json;
using Jade.Contracts.Identity;
using Jade.Contracts.Risk;
using Jade.Messaging;
using Jade.Risk.Cases;
using Jade.Risk.Decisions;
using Jade.Risk.Sanctions;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Kyc;

public static class KycScreeningFeature
{
    public static IServiceCollection AddKycScreening(this IServiceCollection services) =>
        services.AddMessageHandler<KycSubmitted, ScreenKycSubmission>()
            .AddMessageHandler<KycUpgradeRequested, OpenKycUpgradeCase>();
}

/// <summary>
/// Screens a KYC submission's name, date of birth and nationality against the sanctions list. No possible match →
/// cleared at once (identity verifies the customer); a possible match → a case for an officer and "review". Runs in
/// the inbox transaction: the case and the verdict commit with the processed-message record.
/// </summary>
internal sealed class ScreenKycSubmission(RiskDb db, SanctionsMatcher sanctions, IOutbox outbox, TimeProvider time, ILogger<ScreenKycSubmission> logger)
    : IMessageHandler<KycSubmitted>
{
    public async Task HandleAsync(KycSubmitted m, MessageContext context, CancellationToken ct)
    {
        if (await db.Cases.AnyAsync(c => c.Kind == CaseKinds.Kyc && c.SubjectId == m.SubmissionId, ct)) return;
        var now = time.GetUtcNow();
        var matches = sanctions.Screen(new ScreeningQuery(m.LegalName, "individual", m.DateOfBirth, m.Nationality));
        if (matches.Count == 0)
        {
            outbox.Add(new KycScreeningCompleted(m.SubmissionId, m.UserId, KycOutcomes.Cleared, null, [], now), context.CorrelationId);
            logger.LogInformation("KYC submission {SubmissionId} cleared", m.SubmissionId);
            return;
        }
        var caseId = Guid.CreateVersion7(now);
        var reasons = matches.Select(match => new DecisionReason(
            "sanctions.possible_match", $"Possible match with SDN entry {match.EntNum} ({match.Name}) at {match.Score:P0}.", null, Outcomes.Review)).ToList();
        db.Cases.Add(new CaseRow
        {
            Id = caseId, Kind = CaseKinds.Kyc, Status = CaseStatus.Open, CustomerId = m.UserId, SubjectId = m.SubmissionId, OpenedAt = now,
            Score = (int)Math.Round(matches[0].Score * 1000), Reasons = JsonSerializer.Serialize(reasons, JsonSerializerOptions.Web),
            Summary = $"KYC: {matches.Count} possible sanctions match(es), best {matches[0].Score:P0} (SDN {matches[0].EntNum})",
            SubjectName = m.LegalName,
            Context = JsonSerializer.Serialize(new KycCaseContext(m.SubmissionId, m.DateOfBirth, m.Nationality, matches), JsonSerializerOptions.Web),
        });
        outbox.Add(new CaseOpened(caseId, CaseKinds.Kyc, m.SubmissionId, m.UserId, now), context.CorrelationId);
        outbox.Add(new KycScreeningCompleted(m.SubmissionId, m.UserId, KycOutcomes.Review, caseId, ["sanctions.possible_match"], now), context.CorrelationId);
        // The name stays out of the log: the case id leads an officer to it.
        logger.LogInformation("KYC submission {SubmissionId} needs review: case {CaseId}, {Count} possible match(es)", m.SubmissionId, caseId, matches.Count);
    }
}
