using System.Text.Json;
using Jade.Contracts.Identity;
using Jade.Contracts.Risk;
using Jade.Messaging;
using Jade.Risk.Cases;
using Jade.Risk.Decisions;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Kyc;

/// <summary>
/// Opens a case for every application for KYC level 3: enhanced due diligence is always an officer's call, so nothing
/// is scored or decided here. The officer's decision goes back to identity as <see cref="CaseResolved"/> (kind
/// <c>kyc_upgrade</c>). Runs in the inbox transaction; a second delivery finds the case and does nothing.
/// </summary>
internal sealed class OpenKycUpgradeCase(RiskDb db, IOutbox outbox, TimeProvider time, ILogger<OpenKycUpgradeCase> logger)
    : IMessageHandler<KycUpgradeRequested>
{
    public const string ReasonCode = "kyc.level3_application";

    public async Task HandleAsync(KycUpgradeRequested m, MessageContext context, CancellationToken ct)
    {
        if (await db.Cases.AnyAsync(c => c.Kind == CaseKinds.KycUpgrade && c.SubjectId == m.ApplicationId, ct)) return;
        var now = time.GetUtcNow();
        var caseId = Guid.CreateVersion7(now);
        DecisionReason[] reasons =
            [new(ReasonCode, "Application for KYC level 3: check the declared profile against the customer's activity.", null, Outcomes.Review)];
        db.Cases.Add(new CaseRow
        {
            Id = caseId, Kind = CaseKinds.KycUpgrade, Status = CaseStatus.Open, CustomerId = m.UserId, SubjectId = m.ApplicationId, OpenedAt = now,
            Score = 0, Reasons = JsonSerializer.Serialize(reasons, JsonSerializerOptions.Web),
            Summary = $"KYC level 3 application: {m.Occupation}, {m.SourceOfFunds}, {m.AnnualIncome} a year",
            SubjectName = m.LegalName,
            Context = JsonSerializer.Serialize(new KycUpgradeCaseContext(m.ApplicationId, m.Occupation, m.Employer, m.SourceOfFunds,
                m.AnnualIncome, m.Purpose, m.RequestedAt), JsonSerializerOptions.Web),
        });
        outbox.Add(new CaseOpened(caseId, CaseKinds.KycUpgrade, m.ApplicationId, m.UserId, now), context.CorrelationId);
        logger.LogInformation("KYC level 3 application {ApplicationId} of user {UserId}: case {CaseId} opened", m.ApplicationId, m.UserId, caseId);
    }
}
