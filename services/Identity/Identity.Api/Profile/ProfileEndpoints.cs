using Jade.Contracts.Identity;
using Jade.Identity.Audit;
using Jade.Identity.Devices;
using Jade.Identity.Localization;
using Jade.Identity.Oidc;
using Jade.Identity.Registration;
using Jade.Identity.Sessions;
using Jade.Identity.Users;
using Jade.Messaging;
using Microsoft.AspNetCore.Identity;

namespace Jade.Identity.Profile;

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

internal static class ProfileEndpoints
{
    public static void MapProfileEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api/identity").RequireAuthorization(OidcServerSetup.CustomerApiPolicy);

        api.MapGet("/me", async (HttpContext http, UserManager<JadeUser> users) =>
        {
            var user = await CurrentUser.FindAsync(http.User, users);
            return user is null ? CurrentUser.NotAUser() : Results.Ok(new
            {
                id = user.Id,
                email = user.Email,
                phoneNumber = LogMasking.MaskPhone(user.PhoneNumber),
                twoFactorEnabled = user.TwoFactorEnabled,
                createdAt = user.CreatedAt,
                language = user.Language,
            });
        }).WithName("GetMe");

        api.MapPost("/password", async (ChangePasswordRequest request, HttpContext http, UserManager<JadeUser> users, SecurityAudit audit,
            SessionRevocation sessions, IOutbox outbox, TimeProvider time, ILoggerFactory logs, CancellationToken ct) =>
        {
            var user = await CurrentUser.FindAsync(http.User, users);
            if (user is null)
            {
                return CurrentUser.NotAUser();
            }
            var texts = AccountTexts.Current;
            var errors = new FieldErrors();
            if (string.IsNullOrEmpty(request.CurrentPassword))
            {
                errors.Add("currentPassword", texts.Required);
            }
            if (string.IsNullOrEmpty(request.NewPassword))
            {
                errors.Add("newPassword", texts.Required);
            }
            else if (request.NewPassword.Length > RegistrationValidation.MaxPasswordLength)
            {
                errors.Add("newPassword", texts.TooLong(RegistrationValidation.MaxPasswordLength));
            }
            if (!errors.Any)
            {
                // The current password is proven first, so a session cannot be used to guess it: wrong ones count towards lockout.
                if (await Reauthentication.PasswordProblemAsync(http, user, request.CurrentPassword, "currentPassword", "password_change") is { } problem)
                {
                    return problem;
                }
                // One UPDATE: Identity validates the new password (and checks the old one again) before it writes anything.
                // Whoever else knew the old password is signed out with it; this session stays.
                var ended = 0;
                var changed = await audit.RecordAsync(http, user, SecurityAudit.Actions.PasswordChange, null, null, async () =>
                {
                    var result = await users.ChangePasswordAsync(user, request.CurrentPassword!, request.NewPassword!);
                    if (result.Succeeded)
                    {
                        ended = await sessions.EndOtherSessionsAsync(user, http.User, SessionEndReasons.PasswordChanged, ct);
                        var sighting = DeviceSighting.Of(http);
                        outbox.Add(new PasswordChanged(user.Id, sighting.Device, sighting.MaskedIp, time.GetUtcNow()));
                    }
                    return result;
                }, ct);
                if (changed.Succeeded)
                {
                    logs.CreateLogger("Jade.Identity.Profile").LogInformation("User {UserId} changed their password; {Sessions} other sessions ended", user.Id, ended);
                    return Results.NoContent();
                }
                foreach (var error in changed.Errors)
                {
                    errors.Add(error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "currentPassword" : "newPassword", error.Description);
                }
            }
            return Results.ValidationProblem(errors.ToDictionary());
        }).WithName("ChangePassword");
    }
}
