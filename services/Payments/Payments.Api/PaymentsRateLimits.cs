using System.Threading.RateLimiting;
using Jade.ServiceDefaults;

namespace Jade.Payments;

/// <summary>
/// Limits inside the service, per signed-in customer, on top of the gateway's edge limits: they protect what the edge
/// cannot see, such as payee lookups (by e-mail or phone), which would otherwise let one account harvest which addresses and numbers bank with Jade.
/// </summary>
public static class PaymentsRateLimits
{
    public const string PayeeLookup = "payee-lookup";
    public const string Partner = "partner";
    public const string PinReset = "pin-reset";

    public static IServiceCollection AddPaymentsRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var lookupsPerMinute = configuration.GetValue("Payments:PayeeLookupsPerMinute", 30);
        var partnerPerMinute = configuration.GetValue("Payments:PartnerRequestsPerMinute", 600);
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PayeeLookup, http => RateLimitPartition.GetFixedWindowLimiter(
                http.User.CustomerId()?.ToString() ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = lookupsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // Each reset already needs a fresh authenticator code; this only stops a script hammering the endpoint.
            options.AddPolicy(PinReset, http => RateLimitPartition.GetFixedWindowLimiter(
                http.User.CustomerId()?.ToString() ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(10), QueueLimit = 0 }));
            // Per partner client (the token's subject): one partner's burst cannot starve another.
            options.AddPolicy(Partner, http => RateLimitPartition.GetFixedWindowLimiter(
                http.User.Subject() ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = partnerPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem("Too many requests; try again in a minute.", statusCode: StatusCodes.Status429TooManyRequests)
                    .ExecuteAsync(context.HttpContext);
            };
        });
    }
}
