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
        return services.AddRateLimiter(options => options
            .RejectWithProblem(TimeSpan.FromMinutes(1))
            .AddPerCaller(PayeeLookup, user => user.CustomerId()?.ToString(), lookupsPerMinute, TimeSpan.FromMinutes(1))
            // Each reset already needs a fresh authenticator code; this only stops a script hammering the endpoint.
            .AddPerCaller(PinReset, user => user.CustomerId()?.ToString(), 10, TimeSpan.FromMinutes(10))
            // Per partner client (the token's subject): one partner's burst cannot starve another.
            .AddPerCaller(Partner, user => user.Subject(), partnerPerMinute, TimeSpan.FromMinutes(1)));
    }
}
