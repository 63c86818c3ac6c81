using Jade.Contracts.Identity;
using Jade.Identity.Audit;
using Jade.Identity.Oidc;
using Jade.Identity.Profile;
using Jade.Identity.Users;
using Jade.Messaging;
using Microsoft.AspNetCore.Identity;

namespace Jade.Identity.Sessions;

public sealed record SignOutOthersRequest(string? Password);

public sealed record SignedOutOthers(int SessionsEnded);

/// <summary>The customer ending every session but this one, e.g. after using a shared or lost computer.</summary>
internal static class SessionEndpoints
{
    /// <summary>Ending sessions, and telling the applications that hold them.</summary>
    public static IServiceCollection AddSessions(this IServiceCollection services)
    {
        services.AddScoped<SessionRevocation>();
        services.AddMessageHandler<SessionEnded, BackchannelLogoutHandler>();
        services.AddHttpClient(BackchannelLogoutHandler.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        return services;
    }

    public static void MapSessionEndpoints(this WebApplication app) =>
        app.MapPost("/api/identity/sessions/sign-out-others", SignOutOthersAsync)
            .RequireAuthorization(OidcServerSetup.CustomerApiPolicy)
            .WithName("SignOutOtherSessions");

    /// <summary>
    /// Needs the password: otherwise a stolen session could sign the customer out everywhere else and stay. The security
    /// stamp is renewed with it, so other browsers' identity cookies end too.
    /// </summary>
    private static async Task<IResult> SignOutOthersAsync(SignOutOthersRequest? request, HttpContext http, UserManager<JadeUser> users,
        SecurityAudit audit, SessionRevocation sessions, ILoggerFactory logs, CancellationToken ct)
    {
        var user = await CurrentUser.FindAsync(http.User, users);
        if (user is null)
        {
            return CurrentUser.NotAUser();
        }
        if (await Reauthentication.PasswordProblemAsync(http, user, request?.Password, "password", "sessions_sign_out_others") is { } problem)
        {
            return problem;
        }
        var ended = 0;
        (await audit.RecordAsync(http, user, SecurityAudit.Actions.SessionsSignOutOthers, null, null, async () =>
        {
            ended = await sessions.EndOtherSessionsAsync(user, http.User, SessionEndReasons.SignedOutElsewhere, ct);
            return await users.UpdateSecurityStampAsync(user);
        }, ct)).ThrowIfFailed("Identity update");
        logs.CreateLogger("Jade.Identity.Sessions").LogInformation("User {UserId} signed out {Sessions} other sessions", user.Id, ended);
        return Results.Ok(new SignedOutOthers(ended));
    }
}
