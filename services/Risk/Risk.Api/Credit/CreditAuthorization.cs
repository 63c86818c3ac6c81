using Jade.ServiceDefaults;

namespace Jade.Risk.Credit;

/// <summary>Credit scoring (scope <c>risk.credit</c>) is for lending and underwriters: a score is an input to a
/// credit decision, so customer tokens never carry it.</summary>
public static class CreditAuthorization
{
    public const string Policy = "risk.credit";
    public const string Scope = "risk.credit";

    internal static IServiceCollection AddCreditAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.RequireAuthenticatedUser().RequireScope(Scope));
        return services;
    }
}
