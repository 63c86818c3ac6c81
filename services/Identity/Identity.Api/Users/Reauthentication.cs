using Jade.Identity.Localization;
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

    public static IResult LockedOut(AccountTexts texts) => Results.Problem(statusCode: StatusCodes.Status423Locked,
        type: LockedOutType, title: texts.LockoutTitle, detail: texts.StepUpLockedOutDetail);

    /// <summary>
    /// Counts a wrong answer towards lockout and returns the user as now stored. Guesses sent in parallel race on the
    /// user row's concurrency stamp; the loser starts over from the stored row and counts again, so no guess goes
    /// uncounted.
    /// </summary>
    public static async Task<JadeUser> CountFailureAsync(UserManager<JadeUser> users, IdentityDb db, JadeUser user)
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
