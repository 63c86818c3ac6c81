using Jade.Contracts.Identity;
using Jade.Identity.Users;
using Jade.Messaging;
using Microsoft.EntityFrameworkCore;
using Jade.Persistence;

namespace Jade.Identity.Kyc;

/// <summary>How long a declined applicant waits before applying for level 3 again (<c>Kyc:UpgradeReapplyAfter</c>).</summary>
public sealed record KycUpgradePolicy(TimeSpan ReapplyAfter)
{
    public static KycUpgradePolicy From(IConfiguration configuration) =>
        new(configuration.GetValue("Kyc:UpgradeReapplyAfter", TimeSpan.FromDays(7)));
}

/// <summary>
/// The customer's latest level 3 application (masked address) and whether they may apply now. <see cref="Status"/> is
/// <c>none</c> when they never applied; <see cref="ReapplyAfter"/> is set while a declined applicant must wait.
/// </summary>
public sealed record KycUpgradeView(
    string Status,
    Guid? ApplicationId,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? DecidedAt,
    string? Occupation,
    string? Employer,
    string? SourceOfFunds,
    string? AnnualIncome,
    string? Purpose,
    string? Address,
    bool Eligible,
    DateTimeOffset? ReapplyAfter);

/// <summary>
/// Takes applications for KYC level 3. Only a verified (level 2) customer with no pending application, and none
/// declined within <see cref="KycUpgradePolicy.ReapplyAfter"/>, may apply; the application and the
/// <see cref="KycUpgradeRequested"/> message for risk commit together. Never logs the declared profile or the address.
/// </summary>
public sealed class KycUpgradeService(
    IdentityDb db,
    IOutbox outbox,
    KycUpgradePolicy policy,
    TimeProvider time,
    ILogger<KycUpgradeService> logger)
{
    public async Task<KycUpgradeView> GetAsync(Guid userId, CancellationToken ct)
    {
        var (profile, latest) = await LoadAsync(userId, ct);
        return ViewOf(profile, latest, time.GetUtcNow());
    }

    public async Task<KycResult<KycUpgradeView>> ApplyAsync(Guid userId, KycUpgradeRequest request, CancellationToken ct)
    {
        var texts = KycTexts.Current;
        var (valid, errors) = KycUpgradeValidation.Validate(request, texts);
        if (valid is null)
        {
            logger.LogInformation("KYC level 3 application of user {UserId} refused: invalid {Fields}", userId, string.Join(",", errors.ToDictionary().Keys));
            return new KycResult<KycUpgradeView>.Invalid(errors.ToDictionary());
        }

        var now = time.GetUtcNow();
        var (profile, latest) = await LoadAsync(userId, ct);
        if (Refusal(profile, latest, now, texts) is { } refusal)
        {
            return new KycResult<KycUpgradeView>.Conflict(refusal);
        }

        var application = new KycUpgradeApplication
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Status = KycUpgradeStatuses.Pending,
            Occupation = valid.Occupation,
            Employer = valid.Employer,
            SourceOfFunds = valid.SourceOfFunds,
            AnnualIncome = valid.AnnualIncome,
            Purpose = valid.Purpose,
            Address = valid.Address,
            SubmittedAt = now,
        };
        db.Set<KycUpgradeApplication>().Add(application);
        outbox.Add(new KycUpgradeRequested(application.Id, userId, profile!.LegalName!, valid.Occupation, valid.Employer,
            valid.SourceOfFunds, valid.AnnualIncome, valid.Purpose, now), correlationId: application.Id.ToString());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Two applications raced; the pending-application index let one in.
            return new KycResult<KycUpgradeView>.Conflict(texts.UpgradePending);
        }

        logger.LogInformation("KYC level 3 application {ApplicationId} of user {UserId} accepted", application.Id, userId);
        return new KycResult<KycUpgradeView>.Accepted(ViewOf(profile, application, now));
    }

    private async Task<(KycProfile? Profile, KycUpgradeApplication? Latest)> LoadAsync(Guid userId, CancellationToken ct)
    {
        var profile = await db.Set<KycProfile>().AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct);
        var latest = await db.Set<KycUpgradeApplication>().AsNoTracking()
            .Where(a => a.UserId == userId)
            .OrderByDescending(a => a.SubmittedAt).ThenByDescending(a => a.Id)
            .FirstOrDefaultAsync(ct);
        return (profile, latest);
    }

    private KycUpgradeView ViewOf(KycProfile? profile, KycUpgradeApplication? latest, DateTimeOffset now)
    {
        var reapplyAfter = ReapplyAfter(latest) is { } after && after > now ? after : (DateTimeOffset?)null;
        var eligible = Refusal(profile, latest, now, KycTexts.Current) is null;
        return latest is null
            ? new KycUpgradeView(KycUpgradeStatuses.None, null, null, null, null, null, null, null, null, null, eligible, null)
            : new KycUpgradeView(latest.Status, latest.Id, latest.SubmittedAt, latest.DecidedAt, latest.Occupation, latest.Employer,
                latest.SourceOfFunds, latest.AnnualIncome, latest.Purpose, KycMasking.MaskAddress(latest.Address), eligible, reapplyAfter);
    }

    private string? Refusal(KycProfile? profile, KycUpgradeApplication? latest, DateTimeOffset now, KycTexts texts) =>
        profile is not { Status: KycStatuses.Verified } ? texts.UpgradeNeedsVerification
        : profile.Level >= KycLevels.Enhanced ? texts.UpgradeAlreadyEnhanced
        : latest is { Status: KycUpgradeStatuses.Pending } ? texts.UpgradePending
        : ReapplyAfter(latest) is { } after && after > now ? texts.UpgradeTooSoon(after)
        : null;

    private DateTimeOffset? ReapplyAfter(KycUpgradeApplication? latest) =>
        latest is { Status: KycUpgradeStatuses.Rejected, DecidedAt: { } decidedAt } ? decidedAt + policy.ReapplyAfter : null;
}
