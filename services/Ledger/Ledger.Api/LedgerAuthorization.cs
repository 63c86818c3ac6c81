using System.Security.Claims;
using Jade.ServiceDefaults;

namespace Jade.Ledger;

/// <summary>
/// Services and staff (scope <c>ledger.write</c>) write; they and readers (scope <c>ledger.read</c>) may read any
/// account. A customer token (scope <c>ledger</c>, requested by the BFF) reads only accounts it owns: anything else
/// answers 404, exactly like a missing id. The operator check (<c>/verification</c>) needs scope <c>ledger.audit</c>,
/// which no customer and no writer holds by default: it reads the whole ledger.
/// </summary>
public static class LedgerAuthorization
{
    public const string WritePolicy = "ledger.write";
    public const string ReadPolicy = "ledger.read";
    public const string AuditPolicy = "ledger.audit";
    public const string WriteScope = "ledger.write";
    public const string ReadScope = "ledger.read";
    public const string CustomerScope = "ledger";
    public const string AuditScope = "ledger.audit";

    public static IServiceCollection AddLedgerAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(WritePolicy, p => p.RequireAuthenticatedUser().RequireScope(WriteScope))
            .AddPolicy(ReadPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(ctx =>
                HasScope(ctx.User, ReadScope) || HasScope(ctx.User, WriteScope) || HasScope(ctx.User, CustomerScope)))
            .AddPolicy(AuditPolicy, p => p.RequireAuthenticatedUser().RequireScope(AuditScope));
        return services;
    }

    /// <summary>Null when the caller may read every account; otherwise the only owner whose accounts it may read
    /// (<see cref="Guid.Empty"/> when its subject is not a customer id, which owns nothing).</summary>
    public static Guid? OwnerFilter(ClaimsPrincipal user)
    {
        if (HasScope(user, ReadScope) || HasScope(user, WriteScope)) return null;
        return Guid.TryParse(user.Subject(), out var id) ? id : Guid.Empty;
    }

    public static bool MayRead(ClaimsPrincipal user, Guid? ownerId) =>
        OwnerFilter(user) is not { } owner || (ownerId is { } o && o == owner && owner != Guid.Empty);

    private static bool HasScope(ClaimsPrincipal user, string scope) =>
        user.FindAll("scope").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Contains(scope, StringComparer.Ordinal);
}
