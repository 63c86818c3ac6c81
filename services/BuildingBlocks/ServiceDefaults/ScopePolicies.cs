using Microsoft.AspNetCore.Authorization;

namespace Jade.ServiceDefaults;

public static class ScopePolicies
{
    /// <summary>Requires the token to carry <paramref name="scope"/> in its space-separated <c>scope</c> claim.</summary>
    public static AuthorizationPolicyBuilder RequireScope(this AuthorizationPolicyBuilder policy, string scope) =>
        policy.RequireAssertion(ctx => ctx.User.HasScope(scope));

    /// <summary>Whether the token carries <paramref name="scope"/> in its space-separated <c>scope</c> claim.</summary>
    public static bool HasScope(this System.Security.Claims.ClaimsPrincipal user, string scope) =>
        user.FindAll("scope").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Contains(scope, StringComparer.Ordinal);

    /// <summary>The caller's subject (user id for customers, client id for service clients).</summary>
    public static string? Subject(this System.Security.Claims.ClaimsPrincipal user) => user.FindFirst("sub")?.Value;
}
