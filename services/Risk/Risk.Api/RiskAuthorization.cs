using Jade.ServiceDefaults;

namespace Jade.Risk;

/// <summary>Screening (scope <c>risk.screen</c>) is for staff and for the services that onboard customers and pay
/// out: it reveals who is on a sanctions list and why, so customer tokens never carry it.</summary>
public static class RiskAuthorization
{
    public const string ScreenPolicy = "risk.screen";
    public const string ScreenScope = "risk.screen";

    public static IServiceCollection AddRiskAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(ScreenPolicy, p => p.RequireAuthenticatedUser().RequireScope(ScreenScope));
        return services;
    }
}
