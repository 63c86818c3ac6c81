using Jade.Identity.Localization;
using Jade.Identity.Oidc;
using Jade.Identity.Profile;
using Jade.Identity.TwoFactor;
using Jade.Identity.Users;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Identity;

namespace Jade.Identity.StepUp;

public sealed record StepUpRequest(string? Purpose, string? Code);

/// <summary>
/// Step-up: the signed-in customer proves their authenticator code again, for one named purpose (such as resetting the
/// payment PIN), and gets a short-lived signed token another service accepts as that proof (<see cref="StepUpTokens"/>).
/// Wrong codes count towards the same lockout as sign-in; recovery codes are not accepted.
/// </summary>
internal static class StepUpEndpoints
{
    public const string TwoFactorRequiredType = "https://jade.example/problems/two-factor-required";
    public const string LockedOutType = "https://jade.example/problems/locked-out";
    /// <summary>RFC 8176 <c>amr</c> value for a one-time password from an authenticator app.</summary>
    public const string OtpMethod = "otp";
    private const string PurposeField = "purpose";
    private const string CodeField = "code";
    private const int MaxUpdateAttempts = 3;

    public static IServiceCollection AddStepUp(this IServiceCollection services) =>
        services.AddSingleton<StepUpTokenIssuer>();

    public static void MapStepUpEndpoints(this WebApplication app)
    {
        app.MapPost("/api/identity/step-up", StepUpAsync)
            .RequireAuthorization(OidcServerSetup.CustomerApiPolicy)
            .WithName("StepUp");
    }

    private static async Task<IResult> StepUpAsync(StepUpRequest request, HttpContext http, UserManager<JadeUser> users,
        IdentityDb db, StepUpTokenIssuer issuer, ILoggerFactory logs)
    {
        var texts = AccountTexts.Current;
        if (string.IsNullOrEmpty(request.Purpose))
        {
            return CurrentUser.FieldError(PurposeField, texts.Required);
        }
        if (!StepUpTokens.Purposes.All.Contains(request.Purpose))
        {
            return CurrentUser.FieldError(PurposeField, texts.StepUpUnknownPurpose);
        }
        var purpose = request.Purpose;
        var user = await CurrentUser.FindAsync(http.User, users);
        if (user is null)
        {
            return CurrentUser.NotAUser();
        }
        var logger = logs.CreateLogger("Jade.Identity.StepUp");
        if (!user.TwoFactorEnabled)
        {
            // An authenticator key set up but never confirmed (2FA not enabled) does not count either.
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, type: TwoFactorRequiredType,
                title: texts.StepUpTwoFactorRequiredTitle, detail: texts.StepUpTwoFactorRequiredDetail);
        }
        if (await users.IsLockedOutAsync(user))
        {
            logger.LogWarning("Step-up for {Purpose} refused: user {UserId} is locked out", purpose, user.Id);
            return LockedOut(texts);
        }
        if (string.IsNullOrWhiteSpace(request.Code))
        {
            return CurrentUser.FieldError(CodeField, texts.Required);
        }
        if (!await TwoFactorEndpoints.IsValidCodeAsync(users, user, request.Code))
        {
            user = await CountFailureAsync(users, db, user);
            if (await users.IsLockedOutAsync(user))
            {
                logger.LogWarning("User {UserId} locked out after a wrong step-up code for {Purpose}", user.Id, purpose);
                return LockedOut(texts);
            }
            logger.LogInformation("Wrong step-up code for {Purpose} from user {UserId} ({FailedAttempts} failed attempts)",
                purpose, user.Id, user.AccessFailedCount);
            return CurrentUser.FieldError(CodeField, texts.InvalidCode);
        }
        var reset = await users.ResetAccessFailedCountAsync(user);
        if (!reset.Succeeded)
        {
            // The code is proven (and now spent); a failure counter that stays up is no reason to withhold the token.
            logger.LogWarning("Could not reset the failed-attempt count of user {UserId}: {Errors}",
                user.Id, string.Join(", ", reset.Errors.Select(e => e.Code)));
        }
        var issued = issuer.Issue(user, purpose, OtpMethod);
        // Never the code or the token: the token id is enough to match this line with the service that consumes it.
        logger.LogInformation("User {UserId} stepped up for {Purpose} with {Method}; step-up token {TokenId} expires at {ExpiresAt}",
            user.Id, purpose, OtpMethod, issued.TokenId, issued.ExpiresAt);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok(new { token = issued.Token, expiresAt = issued.ExpiresAt, method = OtpMethod });
    }

    private static IResult LockedOut(AccountTexts texts) => Results.Problem(statusCode: StatusCodes.Status423Locked,
        type: LockedOutType, title: texts.LockoutTitle, detail: texts.StepUpLockedOutDetail);

    /// <summary>
    /// Counts a wrong code towards lockout, like a wrong code at sign-in, and returns the user as now stored. Guesses
    /// sent in parallel race on the user row's concurrency stamp; the loser starts over from the stored row and counts
    /// again, so no guess goes uncounted.
    /// </summary>
    private static async Task<JadeUser> CountFailureAsync(UserManager<JadeUser> users, IdentityDb db, JadeUser user)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await users.AccessFailedAsync(user);
            if (result.Succeeded)
            {
                return user;
            }
            if (attempt == MaxUpdateAttempts || !result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
            {
                throw new InvalidOperationException($"Could not count a failed step-up: {string.Join(", ", result.Errors.Select(e => e.Code))}");
            }
            // Drop every pending change (the stale user, a code step the token provider failed to store) and reload.
            var id = user.Id.ToString();
            db.ChangeTracker.Clear();
            user = await users.FindByIdAsync(id) ?? throw new InvalidOperationException("The user disappeared during step-up.");
        }
    }
}
