using Jade.ServiceDefaults;

namespace Jade.Notifications;

/// <summary>
/// The notifications service's caller kinds besides customers. A partner bank calls with a client-credentials token
/// (scope <c>notifications.webhooks</c>) whose subject is its client id, never a customer id. Staff reach the admin API
/// through the BFF with scope <c>notifications</c> and the <c>staff</c> role.
/// </summary>
public static class NotificationsPolicies
{
    public const string Partner = "notifications.partner";
    public const string PartnerScope = "notifications.webhooks";
    public const string Staff = "notifications.staff";
    public const string StaffScope = "notifications";
    public const string StaffRole = "staff";

    public static IServiceCollection AddNotificationsPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Partner, p => p.RequireAuthenticatedUser().RequireScope(PartnerScope)
                .RequireAssertion(ctx => ctx.User.Subject() is { Length: > 0 } subject && !Guid.TryParse(subject, out _)))
            .AddPolicy(Staff, p => p.RequireAuthenticatedUser().RequireScope(StaffScope).RequireRole(StaffRole));
        return services;
    }
}
