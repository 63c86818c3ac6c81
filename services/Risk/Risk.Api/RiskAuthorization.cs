using Jade.ServiceDefaults;

namespace Jade.Risk;

/// <summary>
/// Screening (scope <c>risk.screen</c>) is for the services that onboard customers and move money, and for risk
/// officers' manual searches: it reveals who is on a sanctions list and why, so customer tokens never carry it. The
/// console (cases, rules, reports) needs the <c>risk_officer</c> role on a token for this API (scope <c>risk</c>).
/// </summary>
public static class RiskAuthorization
{
    public const string ScreenPolicy = "risk.screen";
    public const string ScreenScope = "risk.screen";
    public const string OfficerPolicy = "risk.officer";
    public const string ConsoleScope = "risk";
    public const string OfficerRole = "risk_officer";

    public static IServiceCollection AddRiskAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(OfficerPolicy, p => p.RequireAuthenticatedUser().RequireScope(ConsoleScope).RequireRole(OfficerRole))
            .AddPolicy(ScreenPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(ctx =>
                ctx.User.HasScope(ScreenScope) || (ctx.User.HasScope(ConsoleScope) && ctx.User.IsInRole(OfficerRole))));
        return services;
    }
}
