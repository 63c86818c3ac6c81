using System.Net.Mail;
using Jade.Contracts.Identity;
using Jade.Identity.Audit;
using Jade.Identity.Kyc;
using Jade.Identity.Oidc;
using Jade.Identity.Registration;
using Jade.Identity.Sessions;
using Jade.Identity.Users;
using Jade.Messaging;
using Jade.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Jade.Identity.Support;

/// <summary>What a support agent sees of a customer: enough to tell whether and why they cannot sign in, no personal data in clear.</summary>
public sealed record SupportCustomerView(Guid Id, string Email, string? MaskedLegalName, string KycStatus, bool TwoFactorEnabled,
    int Passkeys, DateTimeOffset? LockedOutUntil, DateTimeOffset RegisteredAt);

/// <summary><paramref name="NationalId"/> is the number the caller states; <paramref name="Comment"/> the ticket and how the call was checked.</summary>
public sealed record TwoFactorResetRequest(string? NationalId, string? Comment);

/// <summary>
/// Support staff (<c>support_agent</c>) helping a customer who lost both their authenticator and their recovery codes.
/// Turning two-step verification off for someone is the takeover an attacker would ask support for, so it needs the
/// national id of the customer's verified identity (checked against its blind index, never shown to the agent), is
/// written to the customer's security trail with the agent as actor, and alerts the customer on every channel.
/// </summary>
internal static class SupportEndpoints
{
    public const string NotFoundType = "https://jade.example/problems/customer-not-found";
    public const string NotVerifiedType = "https://jade.example/problems/identity-not-verified";
    public const string TwoFactorOffType = "https://jade.example/problems/two-factor-not-enabled";
    public const string CheckLimitType = "https://jade.example/problems/identity-check-limit";

    /// <summary>Wrong national ids per customer per day before support stops trying: one caller guessing through several agents.</summary>
    public const int MaxRefusedChecksPerDay = 3;
    private const int MinComment = 5;
    private const int MaxComment = 500;
    private const int MaxNationalId = 30;

    public static void MapSupportEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api/identity/support/customers").RequireAuthorization(OidcServerSetup.SupportPolicy);
        api.MapGet("", FindAsync).WithName("FindCustomerForSupport");
        api.MapPost("/{id:guid}/two-factor/reset", ResetTwoFactorAsync).WithName("ResetCustomerTwoFactor");
    }

    private static async Task<IResult> FindAsync(string? email, UserManager<JadeUser> users, IdentityDb db, CancellationToken ct)
    {
        var texts = SupportTexts.Current;
        var trimmed = email?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 256 || !MailAddress.TryCreate(trimmed, out _))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["email"] = [string.IsNullOrEmpty(trimmed) ? texts.Required : texts.InvalidEmail] });
        }
        var user = await users.FindByEmailAsync(trimmed);
        return user is not null && await IsCustomerAsync(users, user)
            ? Results.Ok(await ViewAsync(user, users, db, ct))
            : NotFound(texts);
    }

    private static async Task<IResult> ResetTwoFactorAsync(Guid id, TwoFactorResetRequest? request, HttpContext http, UserManager<JadeUser> users,
        IdentityDb db, NationalIdBlindIndex blindIndex, SecurityAudit audit, SessionRevocation sessions, IOutbox outbox, TimeProvider time, ILoggerFactory logs,
        CancellationToken ct)
    {
        var texts = SupportTexts.Current;
        var logger = logs.CreateLogger("Jade.Identity.Support");
        var errors = new FieldErrors();
        var nationalId = request?.NationalId?.Trim().ToUpperInvariant();
        var comment = request?.Comment?.Trim();
        if (string.IsNullOrEmpty(nationalId))
        {
            errors.Add("nationalId", texts.Required);
        }
        else if (nationalId.Length > MaxNationalId)
        {
            errors.Add("nationalId", texts.LengthBetween(1, MaxNationalId));
        }
        if (string.IsNullOrEmpty(comment))
        {
            errors.Add("comment", texts.Required);
        }
        else if (comment.Length is < MinComment or > MaxComment)
        {
            errors.Add("comment", texts.LengthBetween(MinComment, MaxComment));
        }
        if (errors.Any)
        {
            return Results.ValidationProblem(errors.ToDictionary());
        }

        var user = await users.FindByIdAsync(id.ToString());
        if (user is null || !await IsCustomerAsync(users, user))
        {
            return NotFound(texts);
        }
        var profile = await db.Set<KycProfile>().AsNoTracking().SingleOrDefaultAsync(p => p.UserId == user.Id, ct);
        if (profile is not { Status: KycStatuses.Verified })
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, type: NotVerifiedType,
                title: texts.IdentityNotVerifiedTitle, detail: texts.IdentityNotVerifiedDetail);
        }
        if (!user.TwoFactorEnabled)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, type: TwoFactorOffType, title: texts.TwoFactorNotEnabledTitle);
        }
        var customerId = user.Id.ToString();
        var since = time.GetUtcNow().AddDays(-1);
        if (await db.Set<AuditRecord>().CountAsync(r => r.Entity == SecurityAudit.Entity && r.EntityId == customerId
                && r.Action == SecurityAudit.Actions.TwoFactorSupportResetRefused && r.At >= since, ct) >= MaxRefusedChecksPerDay)
        {
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, type: CheckLimitType,
                title: texts.CheckLimitTitle, detail: texts.CheckLimitDetail);
        }
        if (blindIndex.Hash(profile.Nationality, nationalId!) != profile.NationalIdHash)
        {
            // Kept in the customer's trail too: an agent, or someone talking to one, guessing at an account is worth seeing.
            await audit.RecordAsync(http, user, SecurityAudit.Actions.TwoFactorSupportResetRefused, null, new { comment },
                () => Task.FromResult(true), recorded => recorded, ct);
            logger.LogWarning("Support reset of two-step verification refused for user {UserId}: the stated national id does not match", user.Id);
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["nationalId"] = [texts.NationalIdMismatch] });
        }

        var now = time.GetUtcNow();
        outbox.Add(new TwoFactorReset(user.Id, now));
        (await audit.RecordAsync(http, user, SecurityAudit.Actions.TwoFactorSupportReset, new { enabled = true }, new { enabled = false, comment },
            () => ResetAsync(users, sessions, user, ct), ct)).ThrowIfFailed("Identity update");
        logger.LogInformation("Support reset two-step verification for user {UserId}", user.Id);
        return Results.Ok(await ViewAsync(user, users, db, ct));
    }

    /// <summary>
    /// Off, with a new (unused) authenticator key and no recovery codes, so nothing of the lost set works again; the
    /// lockout the customer may have run into is lifted. Every session ends: the caller may not have been the customer.
    /// </summary>
    private static async Task<IdentityResult> ResetAsync(UserManager<JadeUser> users, SessionRevocation sessions, JadeUser user, CancellationToken ct)
    {
        foreach (var step in new Func<Task<IdentityResult>>[]
        {
            () => users.SetTwoFactorEnabledAsync(user, false),
            () => users.ResetAuthenticatorKeyAsync(user),
            async () => await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0) is null ? IdentityResult.Failed() : IdentityResult.Success,
            () => users.SetLockoutEndDateAsync(user, null),
            () => users.ResetAccessFailedCountAsync(user),
            async () =>
            {
                await sessions.EndAllSessionsAsync(user, SessionEndReasons.SupportReset, ct);
                return IdentityResult.Success;
            },
        })
        {
            if (await step() is { Succeeded: false } failed)
            {
                return failed;
            }
        }
        return IdentityResult.Success;
    }

    private static async Task<SupportCustomerView> ViewAsync(JadeUser user, UserManager<JadeUser> users, IdentityDb db, CancellationToken ct)
    {
        var kyc = await db.Set<KycProfile>().AsNoTracking().Where(p => p.UserId == user.Id)
            .Select(p => new { p.Status, p.LegalName }).SingleOrDefaultAsync(ct);
        var lockedUntil = await users.IsLockedOutAsync(user) ? user.LockoutEnd : null;
        return new SupportCustomerView(user.Id, user.Email ?? "", KycMasking.MaskName(kyc?.LegalName), kyc?.Status ?? KycStatuses.None,
            user.TwoFactorEnabled, (await users.GetPasskeysAsync(user)).Count, lockedUntil, user.CreatedAt);
    }

    /// <summary>Support helps customers; a staff account (which may also bank with Jade) is not reset by a colleague.</summary>
    private static async Task<bool> IsCustomerAsync(UserManager<JadeUser> users, JadeUser user) =>
        await users.IsInRoleAsync(user, Roles.Customer) && !await users.IsInRoleAsync(user, Roles.Staff);

    private static IResult NotFound(SupportTexts texts) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, type: NotFoundType, title: texts.CustomerNotFoundTitle);
}
