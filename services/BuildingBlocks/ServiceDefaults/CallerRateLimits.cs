using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Jade.ServiceDefaults;

/// <summary>
/// Rate-limit policies a service keeps per caller, on top of the gateway's edge limits, and the one way every service
/// refuses: 429 problem details with <c>Retry-After</c>.
/// </summary>
public static class CallerRateLimits
{
    /// <summary>A fixed window per caller, keyed by <paramref name="caller"/> (e.g. the token's subject: one partner's burst cannot starve another).</summary>
    public static RateLimiterOptions AddPerCaller(this RateLimiterOptions options, string policy, Func<ClaimsPrincipal, string?> caller,
        int permitLimit, TimeSpan window) =>
        options.AddPolicy(policy, http => RateLimitPartition.GetFixedWindowLimiter(
            caller(http.User) ?? "anonymous",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0 }));

    public static RateLimiterOptions RejectWithProblem(this RateLimiterOptions options, TimeSpan retryAfter)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = async (context, _) =>
        {
            context.HttpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Results.Problem("Too many requests; try again later.", statusCode: StatusCodes.Status429TooManyRequests)
                .ExecuteAsync(context.HttpContext);
        };
        return options;
    }
}
