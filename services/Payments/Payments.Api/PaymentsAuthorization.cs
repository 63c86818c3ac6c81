using System.Security.Claims;
using Jade.ServiceDefaults;

namespace Jade.Payments;

/// <summary>
/// Customers reach payments through the BFF with scope <c>payments</c> on a token for audience <c>payments</c>; every
/// resource they read or change is their own, keyed by the token's subject. Another customer's id answers 404,
/// exactly like a missing one. Staff with the <c>payments_operator</c> role work the reconciliation's suspense items.
/// </summary>
public static class PaymentsAuthorization
{
    public const string CustomerPolicy = "payments.customer";
    public const string CustomerScope = "payments";
    public const string PartnerPolicy = "payments.partner";
    public const string PartnerScope = "payments.partner";
    public const string OperatorPolicy = "payments.operator";
    public const string OperatorRole = "payments_operator";

    public static IServiceCollection AddPaymentsAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(CustomerPolicy, p => p.RequireAuthenticatedUser().RequireScope(CustomerScope)
                .RequireAssertion(ctx => ctx.User.CustomerId() is not null))
            // A partner bank's client-credentials token: its subject is the client id, never a customer.
            .AddPolicy(PartnerPolicy, p => p.RequireAuthenticatedUser().RequireScope(PartnerScope)
                .RequireAssertion(ctx => ctx.User.Subject() is { Length: > 0 } && ctx.User.CustomerId() is null))
            // Staff who work the reconciliation's suspense items, signed in through the BFF like customers.
            .AddPolicy(OperatorPolicy, p => p.RequireAuthenticatedUser().RequireScope(CustomerScope).RequireRole(OperatorRole));
        return services;
    }

    /// <summary>The signed-in customer; null when the subject is not a customer id.</summary>
    public static Guid? CustomerId(this ClaimsPrincipal user) => Guid.TryParse(user.Subject(), out var id) && id != Guid.Empty ? id : null;
}
