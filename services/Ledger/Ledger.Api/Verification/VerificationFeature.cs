using Jade.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jade.Ledger.Verification;

/// <summary>
/// The operator check, as the <c>--verify</c> command, as a staff endpoint (scope <c>ledger.audit</c>) and on a
/// schedule inside the service; every run's outcome is in <see cref="VerificationMetrics"/>.
/// </summary>
public static class VerificationFeature
{
    public static IServiceCollection AddLedgerVerification(this IServiceCollection services)
    {
        services.AddOptions<VerificationScheduleOptions>().BindConfiguration("Ledger:Verification");
        services.AddSingleton<VerificationMetrics>();
        services.AddHostedService<ScheduledVerification>();
        return services.AddSingleton<LedgerVerifier>().AddServiceCommand<VerifyCommand>();
    }

    public static IEndpointRouteBuilder MapVerificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/ledger").WithTags("Verification")
            .MapGet("/verification", VerifyAsync).RequireAuthorization(LedgerAuthorization.AuditPolicy).WithName("VerifyLedger");
        return app;
    }

    /// <summary>200 whatever the outcome: a ledger that does not verify is a finding, not a failed request.</summary>
    internal static async Task<Ok<VerificationReport>> VerifyAsync(LedgerVerifier verifier, CancellationToken ct) =>
        TypedResults.Ok(await verifier.VerifyAsync(ct));
}
