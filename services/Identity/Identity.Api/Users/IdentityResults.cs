using Microsoft.AspNetCore.Identity;

namespace Jade.Identity.Users;

internal static class IdentityResults
{
    /// <summary>For updates that cannot fail for a reason the caller could tell the customer: a failure is a fault.</summary>
    public static void ThrowIfFailed(this IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{what} failed: {string.Join(", ", result.Errors.Select(e => e.Code))}");
        }
    }

    /// <summary>For bookkeeping a completed step does not depend on (a counter, a last use): logged, not thrown.</summary>
    public static void LogIfFailed(this IdentityResult result, ILogger logger, string what, Guid userId)
    {
        if (!result.Succeeded)
        {
            logger.LogWarning("{What} of user {UserId} failed: {Errors}", what, userId, string.Join(", ", result.Errors.Select(e => e.Code)));
        }
    }
}
