using Jade.Contracts.Identity;
using Jade.Identity.Registration;
using Jade.Identity.Users;
using Jade.Messaging;
using Jade.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Jade.Persistence;

namespace Jade.Identity.Kyc;

/// <summary>What a customer sees of their own verification. Personal data is masked; <c>none</c> when never submitted.</summary>
public sealed record KycStatusView(
    string Status,
    int Level,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? DecidedAt,
    string? LegalName,
    string? NationalId,
    DateOnly? DateOfBirth,
    string? Nationality,
    string? Phone)
{
    public static readonly KycStatusView None = new(KycStatuses.None, KycLevels.Registered, null, null, null, null, null, null, null);

    public static KycStatusView Of(KycProfile p) => new(
        p.Status, p.Level, p.SubmittedAt, p.DecidedAt,
        KycMasking.MaskName(p.LegalName), KycMasking.MaskNationalId(p.NationalId), p.DateOfBirth, p.Nationality,
        LogMasking.MaskPhone(p.Phone));
}

/// <summary>The answer to a customer's KYC request (a submission, a level 3 application): taken, invalid, or not now.</summary>
public abstract record KycResult<TView>
{
    public sealed record Accepted(TView View) : KycResult<TView>;
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : KycResult<TView>;
    public sealed record Conflict(string Detail) : KycResult<TView>;
}

/// <summary>
/// Takes a customer's KYC submission: validates it, then writes the profile, its history entry and the
/// <see cref="KycSubmitted"/> outbox message in one transaction (one <c>SaveChanges</c>). Never logs personal data.
/// </summary>
public sealed class KycService(
    IdentityDb db,
    IOutbox outbox,
    NationalIdBlindIndex blindIndex,
    TimeProvider time,
    ILogger<KycService> logger)
{
    public async Task<KycStatusView> GetAsync(Guid userId, CancellationToken ct)
    {
        var profile = await db.Set<KycProfile>().AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct);
        return profile is null ? KycStatusView.None : KycStatusView.Of(profile);
    }

    public async Task<KycResult<KycStatusView>> SubmitAsync(Guid userId, KycSubmitRequest request, CancellationToken ct)
    {
        var texts = KycTexts.Current;
        var now = time.GetUtcNow();
        var (valid, errors) = KycValidation.Validate(request, BusinessDay.DateOf(now), texts);
        if (valid is null)
        {
            logger.LogInformation("KYC submission of user {UserId} refused: invalid {Fields}", userId, string.Join(",", errors.ToDictionary().Keys));
            return new KycResult<KycStatusView>.Invalid(errors.ToDictionary());
        }

        var profiles = db.Set<KycProfile>();
        var profile = await profiles.FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (profile is { Status: KycStatuses.Pending or KycStatuses.InReview })
        {
            return new KycResult<KycStatusView>.Conflict(texts.AlreadyInProgress);
        }
        if (profile is { Status: KycStatuses.Verified })
        {
            return new KycResult<KycStatusView>.Conflict(texts.AlreadyVerified);
        }

        var hash = blindIndex.Hash(valid.Nationality, valid.NationalId);
        if (await profiles.AnyAsync(p => p.NationalIdHash == hash && p.Status == KycStatuses.Verified && p.UserId != userId, ct))
        {
            logger.LogWarning("KYC submission of user {UserId} refused: the national id is verified on another account", userId);
            return new KycResult<KycStatusView>.Conflict(texts.NationalIdTaken);
        }

        var previousStatus = profile?.Status;
        if (profile is null)
        {
            profile = new KycProfile { UserId = userId };
            profiles.Add(profile);
        }
        profile.SubmissionId = Guid.CreateVersion7(now);
        profile.Status = KycStatuses.Pending;
        profile.Level = KycLevels.Registered;
        profile.LegalName = valid.LegalName;
        profile.NationalId = valid.NationalId;
        profile.NationalIdHash = hash;
        profile.DateOfBirth = valid.DateOfBirth;
        profile.Nationality = valid.Nationality;
        profile.Phone = valid.Phone;
        profile.CaseId = null;
        profile.SubmittedAt = now;
        profile.DecidedAt = null;
        profile.UpdatedAt = now;

        db.Set<KycHistoryEntry>().Add(new KycHistoryEntry
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            SubmissionId = profile.SubmissionId,
            FromStatus = previousStatus,
            ToStatus = KycStatuses.Pending,
            Level = profile.Level,
            Actor = KycActors.Customer,
            OccurredAt = now,
        });
        outbox.Add(new KycSubmitted(profile.SubmissionId, userId, valid.LegalName, valid.DateOfBirth, valid.Nationality, now),
            correlationId: profile.SubmissionId.ToString());

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another submission (or a screening outcome) changed the row since it was read.
            return new KycResult<KycStatusView>.Conflict(texts.Conflict);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Two first submissions of one user raced; the primary key decided.
            return new KycResult<KycStatusView>.Conflict(texts.AlreadyInProgress);
        }

        logger.LogInformation("KYC submission {SubmissionId} of user {UserId} accepted ({Nationality}, name {LegalName}, id {NationalId})",
            profile.SubmissionId, userId, valid.Nationality, KycMasking.MaskName(valid.LegalName), KycMasking.MaskNationalId(valid.NationalId));
        return new KycResult<KycStatusView>.Accepted(KycStatusView.Of(profile));
    }
}
