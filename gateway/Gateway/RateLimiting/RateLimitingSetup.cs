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
    /// Login and token endpoints get a tight per-IP budget against credential stuffing; /api and /bff a wide
    /// per-user budget (per IP before login). Everything else (static files, probes) is not limited.
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
        if (path.StartsWithSegments("/account") || path.StartsWithSegments("/connect/token"))
        {
            return RateLimitPartition.GetFixedWindowLimiter($"auth:{ip}", _ => FixedWindow(auth));
        }
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/bff"))
        {
            // Only a cookie session has a verified subject here; bearer callers are told apart by address.
            var sub = context.User.FindFirst("sub")?.Value;
            return RateLimitPartition.GetFixedWindowLimiter(sub is null ? $"api:ip:{ip}" : $"api:user:{sub}", _ => FixedWindow(api));
        }
        return RateLimitPartition.GetNoLimiter("unlimited");
    }

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
