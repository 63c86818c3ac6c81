using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Jade.Gateway.RateLimiting;

/// <summary>Fixed-window limit read from <c>RateLimiting:{Auth|Api}</c>.</summary>
public sealed class WindowLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public static class RateLimitingSetup
{
    /// <summary>
    /// Credential attempts (sign-in and sign-up posts, token requests) get a tight per-IP budget against credential
    /// stuffing; /api and /bff a wide per-user budget (per IP before login), identity's pages the same wide budget per IP.
    /// Everything else (static files, probes) is not limited.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayRateLimiting(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("RateLimiting:Auth").Get<WindowLimit>() ?? new WindowLimit { PermitLimit = 20 };
        var api = builder.Configuration.GetSection("RateLimiting:Api").Get<WindowLimit>() ?? new WindowLimit { PermitLimit = 600 };
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, auth, api));
            o.OnRejected = RejectAsync;
        });
        return builder;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, WindowLimit auth, WindowLimit api)
    {
        var path = context.Request.Path;
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (IsCredentialAttempt(context.Request))
        {
            return RateLimitPartition.GetFixedWindowLimiter($"auth:{ip}", _ => FixedWindow(auth));
        }
        if (path.StartsWithSegments("/account") || path.StartsWithSegments("/connect"))
        {
            // Showing a sign-in page or its stylesheet guesses nothing: the wide budget, per address.
            return RateLimitPartition.GetFixedWindowLimiter($"pages:{ip}", _ => FixedWindow(api));
        }
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/bff"))
        {
            // Only a cookie session has a verified subject here; bearer callers are told apart by address.
            var sub = context.User.FindFirst("sub")?.Value;
            return RateLimitPartition.GetFixedWindowLimiter(sub is null ? $"api:ip:{ip}" : $"api:user:{sub}", _ => FixedWindow(api));
        }
        return RateLimitPartition.GetNoLimiter("unlimited");
    }

    /// <summary>Form posts that check a password, code or recovery code, token requests, and sign-ups.</summary>
    private static bool IsCredentialAttempt(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.StartsWithSegments("/account")
            || request.Path.StartsWithSegments("/connect/token")
            || request.Path.StartsWithSegments("/api/identity/registrations"));

    private static FixedWindowRateLimiterOptions FixedWindow(WindowLimit limit) => new()
    {
        PermitLimit = limit.PermitLimit,
        Window = limit.Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"Retry after {seconds} seconds.").ExecuteAsync(context.HttpContext);
    }
}
