using Jade.Identity.Audit;
using Jade.Identity.Localization;
using Jade.Identity.Profile;
using Jade.Identity.TwoFactor;
using Microsoft.AspNetCore.Identity;

namespace Jade.Identity.Users;

/// <summary>
/// A signed-in customer proving again who they are (step-up, adding a passkey). A wrong answer counts towards the same
/// lockout as a wrong answer at sign-in, so a stolen session cannot be used to guess.
/// </summary>
internal static class Reauthentication
{
    public const string LockedOutType = "https://jade.example/problems/locked-out";
    private const int MaxUpdateAttempts = 3;

    private enum Outcome
    {
        Proven,
        Wrong,
        LockedOut,
    }

    /// <summary>
    /// The account password proven again, or the answer to give instead: 400 on <paramref name="field"/> when it is
    /// missing or wrong, 423 once the account is locked out. Null when proven. <paramref name="step"/> names what the
    /// proof is for (<c>password_change</c>, <c>passkey_add</c>…) in the log and in the audit record of a lockout.
    /// </summary>
    public static async Task<IResult?> PasswordProblemAsync(HttpContext http, JadeUser user, string? password, string field, string step)
    {
        var texts = AccountTexts.Current;
        if (string.IsNullOrEmpty(password))
        {
            return CurrentUser.FieldError(field, texts.Required);
        }
        var users = http.RequestServices.GetRequiredService<UserManager<JadeUser>>();
        return await ProveAsync(http, user, () => users.CheckPasswordAsync(user, password), step) switch
        {
            Outcome.Proven => null,
            Outcome.LockedOut => LockedOut(texts),
            _ => CurrentUser.FieldError(field, texts.WrongCurrentPassword),
        };
    }

    /// <summary>An authenticator code proven again (single-use), or the answer to give instead, as for the password.</summary>
    public static async Task<IResult?> CodeProblemAsync(HttpContext http, JadeUser user, string? code, string field, string step)
    {
        var texts = AccountTexts.Current;
        if (string.IsNullOrWhiteSpace(code))
        {
            return CurrentUser.FieldError(field, texts.Required);
        }
        var users = http.RequestServices.GetRequiredService<UserManager<JadeUser>>();
        return await ProveAsync(http, user, () => TwoFactorEndpoints.IsValidCodeAsync(users, user, code), step) switch
        {
            Outcome.Proven => null,
            Outcome.LockedOut => LockedOut(texts),
            _ => CurrentUser.FieldError(field, texts.InvalidCode),
        };
    }

    /// <summary>
    /// Checks <paramref name="proves"/> (a password or a code) unless the account is locked out; a wrong answer is
    /// counted, and the one that reaches the limit is answered as locked out and recorded in the customer's security
    /// trail. A right one clears the count.
    /// </summary>
    private static async Task<Outcome> ProveAsync(HttpContext http, JadeUser user, Func<Task<bool>> proves, string step)
    {
        var services = http.RequestServices;
        var users = services.GetRequiredService<UserManager<JadeUser>>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Reauthentication));
        if (await users.IsLockedOutAsync(user))
        {
            logger.LogWarning("{Step} refused: user {UserId} is locked out", step, user.Id);
            return Outcome.LockedOut;
        }
        if (await proves())
        {
            // Proven; a failure counter that stays up is no reason to refuse.
            (await users.ResetAccessFailedCountAsync(user)).LogIfFailed(logger, "Resetting the failed-attempt count", user.Id);
            return Outcome.Proven;
        }
        user = await CountFailureAsync(users, services.GetRequiredService<IdentityDb>(), user);
        if (await users.IsLockedOutAsync(user))
        {
            logger.LogWarning("User {UserId} locked out after a wrong answer to {Step}", user.Id, step);
            await services.GetRequiredService<SecurityAudit>().RecordLockoutAsync(http, user, step, http.RequestAborted);
            return Outcome.LockedOut;
        }
        logger.LogInformation("Wrong answer to {Step} from user {UserId} ({FailedAttempts} failed attempts)", step, user.Id, user.AccessFailedCount);
        return Outcome.Wrong;
    }

    public static IResult LockedOut(AccountTexts texts) => Results.Problem(statusCode: StatusCodes.Status423Locked,
        type: LockedOutType, title: texts.LockoutTitle, detail: texts.StepUpLockedOutDetail);

    /// <summary>
    /// Counts a wrong answer towards lockout and returns the user as now stored. Guesses sent in parallel race on the
    /// user row's concurrency stamp; the loser starts over from the stored row and counts again, so no guess goes
    /// uncounted.
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
                throw new InvalidOperationException($"Could not count a failed re-authentication: {string.Join(", ", result.Errors.Select(e => e.Code))}");
            }
            // Drop every pending change (the stale user, a code step the token provider failed to store) and reload.
            var id = user.Id.ToString();
            db.ChangeTracker.Clear();
            user = await users.FindByIdAsync(id) ?? throw new InvalidOperationException("The user disappeared during re-authentication.");
        }
    }
}
