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

/// <summary>
/// What a support agent sees of a customer: enough to tell whether and why they cannot sign in, or pay as much as they
/// expect (their KYC level and where their latest level 3 application stands), no personal data in clear.
/// </summary>
public sealed record SupportCustomerView(Guid Id, string Email, string? MaskedLegalName, string KycStatus, int KycLevel, string KycUpgradeStatus,
    bool TwoFactorEnabled,
    int Passkeys, DateTimeOffset? LockedOutUntil, DateTimeOffset RegisteredAt, SupportResetRequestView? PendingReset);

/// <summary><paramref name="NationalId"/> is the number the caller states; <paramref name="Comment"/> the ticket and how the call was checked.</summary>
public sealed record TwoFactorResetAsk(string? NationalId, string? Comment);

/// <summary>
/// Support staff (<c>support_agent</c>) helping a customer who lost both their authenticator and their recovery codes.
/// Turning two-step verification off for someone is the takeover an attacker would ask support for, so an agent may
/// only <em>request</em> it, with the national id of the customer's verified identity (checked against its blind index,
/// never shown to the agent); a second agent approves it (<see cref="SupportResetDecisions"/>). Every step is written
/// to the customer's security trail with the agent as actor, and the reset alerts the customer on every channel.
/// </summary>
internal static class SupportEndpoints
{
    public const string NotFoundType = "https://jade.example/problems/customer-not-found";
    public const string NotVerifiedType = "https://jade.example/problems/identity-not-verified";
    public const string TwoFactorOffType = "https://jade.example/problems/two-factor-not-enabled";
    public const string CheckLimitType = "https://jade.example/problems/identity-check-limit";
    public const string AlreadyRequestedType = "https://jade.example/problems/reset-already-requested";

    /// <summary>Wrong national ids per customer per day before support stops trying: one caller guessing through several agents.</summary>
    public const int MaxRefusedChecksPerDay = 3;

    /// <summary>How long a request waits for its second agent: a day, so a stale request is not approved for a caller long gone.</summary>
    public static readonly TimeSpan RequestLifetime = TimeSpan.FromHours(24);

    public const int MinComment = 5;
    public const int MaxComment = 500;
    private const int MaxNationalId = 30;

    public static IServiceCollection AddSupport(this IServiceCollection services) => services
        .AddSingleton<ResetRequestMetrics>()
        .AddHostedService<ResetRequestMetricsSampler>();

    public static void MapSupportEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api/identity/support/customers").RequireAuthorization(OidcServerSetup.SupportPolicy);
        api.MapGet("", FindAsync).WithName("FindCustomerForSupport");
        api.MapPost("/{id:guid}/two-factor/reset-requests", RequestResetAsync).WithName("RequestCustomerTwoFactorReset");
        app.MapSupportResetDecisions();
        app.MapCustomerResetCancellation();
    }

    private static async Task<IResult> FindAsync(string? email, HttpContext http, UserManager<JadeUser> users, IdentityDb db, TimeProvider time,
        CancellationToken ct)
    {
        var texts = SupportTexts.Current;
        var trimmed = email?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 256 || !MailAddress.TryCreate(trimmed, out _))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["email"] = [string.IsNullOrEmpty(trimmed) ? texts.Required : texts.InvalidEmail] });
        }
        var user = await users.FindByEmailAsync(trimmed);
        return user is not null && await IsCustomerAsync(users, user)
            ? Results.Ok(await ViewAsync(user, Agent.Of(http), users, db, time, ct))
            : NotFound(texts);
    }

    private static async Task<IResult> RequestResetAsync(Guid id, TwoFactorResetAsk? request, HttpContext http, UserManager<JadeUser> users,
        IdentityDb db, NationalIdBlindIndex blindIndex, SecurityAudit audit, IOutbox outbox, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
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
        if (CommentProblem(comment, texts) is { } commentProblem)
        {
            errors.Add("comment", commentProblem);
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
            return TwoFactorOff(texts);
        }
        var customerId = user.Id.ToString();
        var now = time.GetUtcNow();
        if (await db.Set<AuditRecord>().CountAsync(r => r.Entity == SecurityAudit.Entity && r.EntityId == customerId
                && r.Action == SecurityAudit.Actions.TwoFactorSupportResetRefused && r.At >= now.AddDays(-1), ct) >= MaxRefusedChecksPerDay)
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

        var agent = Agent.Of(http);
        var asked = new SupportResetRequest
        {
            Id = Guid.CreateVersion7(),
            CustomerId = user.Id,
            RequestedBy = agent.Id,
            RequestedByEmail = agent.Email,
            Comment = comment!,
            RequestedAt = now,
            ExpiresAt = now + RequestLifetime,
        };
        var stored = await audit.RecordAsync(http, user, SecurityAudit.Actions.TwoFactorSupportResetRequested, null,
            new { request = asked.Id, comment }, () => StoreAsync(db, outbox, asked, now, ct), stored => stored, ct);
        if (!stored)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, type: AlreadyRequestedType, title: texts.AlreadyRequestedTitle,
                detail: texts.AlreadyRequestedDetail);
        }
        logger.LogInformation("Support requested a reset of two-step verification for user {UserId} (request {RequestId})", user.Id, asked.Id);
        return Results.Accepted($"/api/identity/support/two-factor-reset-requests/{asked.Id}",
            await ResetRequestViews.OneAsync(db, asked.Id, agent.Id, now, ct));
    }

    /// <summary>
    /// Stores the request, and the customer's alert with it, unless another is still open for the customer. A request
    /// whose day ran out is closed here, so it no longer holds the one open place; the unique index settles two agents
    /// asking at the same moment.
    /// </summary>
    private static async Task<bool> StoreAsync(IdentityDb db, IOutbox outbox, SupportResetRequest request, DateTimeOffset now, CancellationToken ct)
    {
        await db.Set<SupportResetRequest>()
            .LapsedAt(now).Where(r => r.CustomerId == request.CustomerId)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, ResetRequestStatuses.Expired), ct);
        if (await db.Set<SupportResetRequest>().AnyAsync(r => r.CustomerId == request.CustomerId && r.Status == ResetRequestStatuses.Pending, ct))
        {
            return false;
        }
        db.Add(request);
        outbox.Add(new TwoFactorResetRequested(request.CustomerId, request.RequestedAt, request.ExpiresAt));
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Neither the request nor its alert may be written by a later save of this request.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    public static string? CommentProblem(string? comment, SupportTexts texts) => comment switch
    {
        null or "" => texts.Required,
        { Length: < MinComment or > MaxComment } => texts.LengthBetween(MinComment, MaxComment),
        _ => null,
    };

    /// <summary>
    /// Off, with a new (unused) authenticator key and no recovery codes, so nothing of the lost set works again; the
    /// lockout the customer may have run into is lifted. Every session ends: the caller may not have been the customer.
    /// </summary>
    public static async Task<IdentityResult> ResetAsync(UserManager<JadeUser> users, SessionRevocation sessions, JadeUser user, CancellationToken ct)
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

    public static async Task<SupportCustomerView> ViewAsync(JadeUser user, Agent agent, UserManager<JadeUser> users, IdentityDb db, TimeProvider time,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var kyc = await db.Set<KycProfile>().AsNoTracking().Where(p => p.UserId == user.Id)
            .Select(p => new { p.Status, p.Level, p.LegalName }).SingleOrDefaultAsync(ct);
        var upgrade = await db.Set<KycUpgradeApplication>().AsNoTracking().Where(a => a.UserId == user.Id)
            .OrderByDescending(a => a.SubmittedAt).Select(a => a.Status).FirstOrDefaultAsync(ct);
        var lockedUntil = await users.IsLockedOutAsync(user) ? user.LockoutEnd : null;
        return new SupportCustomerView(user.Id, user.Email ?? "", KycMasking.MaskName(kyc?.LegalName), kyc?.Status ?? KycStatuses.None,
            kyc?.Level ?? KycLevels.Registered, upgrade ?? KycUpgradeStatuses.None, user.TwoFactorEnabled, (await users.GetPasskeysAsync(user)).Count, lockedUntil, user.CreatedAt,
            await ResetRequestViews.PendingForAsync(db, user.Id, agent.Id, now, ct));
    }

    /// <summary>Support helps customers; a staff account (which may also bank with Jade) is not reset by a colleague.</summary>
    public static async Task<bool> IsCustomerAsync(UserManager<JadeUser> users, JadeUser user) =>
        await users.IsInRoleAsync(user, Roles.Customer) && !await users.IsInRoleAsync(user, Roles.Staff);

    private static IResult NotFound(SupportTexts texts) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, type: NotFoundType, title: texts.CustomerNotFoundTitle);

    public static IResult TwoFactorOff(SupportTexts texts) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, type: TwoFactorOffType, title: texts.TwoFactorNotEnabledTitle);
}
