using System.Security.Claims;
using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Jade.Identity.Profile;

internal static class CurrentUser
{
    /// <summary>The user a bearer token was issued to; null for client-credentials tokens (their subject is a client id).</summary>
    public static async Task<JadeUser?> FindAsync(ClaimsPrincipal principal, UserManager<JadeUser> users)
    {
        var subject = principal.FindFirst(Claims.Subject)?.Value;
        return Guid.TryParse(subject, out _) ? await users.FindByIdAsync(subject!) : null;
    }

    public static IResult NotAUser() => Results.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "This endpoint needs a token issued to a signed-in user.");

    public static IResult FieldError(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
