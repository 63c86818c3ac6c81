using Jade.Contracts.Identity;
using Jade.Identity.Audit;
using Jade.Identity.Devices;
using Jade.Identity.Localization;
using Jade.Identity.Oidc;
using Jade.Identity.Profile;
using Jade.Identity.Support;
using Jade.Identity.Users;
using Jade.Messaging;
using Microsoft.AspNetCore.Identity;

namespace Jade.Identity.TwoFactor;

public sealed record TwoFactorCodeRequest(string? Code);

/// <summary>New recovery codes, with the account password proven again.</summary>
public sealed record RecoveryCodesRequest(string? Password);

/// <summary>TOTP authenticator set-up and recovery codes for the signed-in customer (the SPA's security page).</summary>
internal static class TwoFactorEndpoints
{
    public const int RecoveryCodeCount = 10;
    private const string CodeField = "code";
    private const string PasswordField = "password";

    public static void MapTwoFactorEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api/identity/2fa").RequireAuthorization(OidcServerSetup.CustomerApiPolicy);

        api.MapGet("", async (HttpContext http, UserManager<JadeUser> users, IdentityDb db, TimeProvider time, CancellationToken ct) =>
        {
            var user = await CurrentUser.FindAsync(http.User, users);
            return user is null ? CurrentUser.NotAUser() : Results.Ok(new
            {
                enabled = user.TwoFactorEnabled,
                recoveryCodesLeft = await users.CountRecoveryCodesAsync(user),
                // A reset support was asked for, which the customer can still stop if it was not them who called.
                pendingSupportReset = await CustomerResetCancellation.PendingForAsync(db, user.Id, time.GetUtcNow(), ct),
            });
        }).WithName("GetTwoFactorStatus");

        api.MapPost("/authenticator", async (HttpContext http, UserManager<JadeUser> users) =>
        {
            var user = await CurrentUser.FindAsync(http.User, users);
            if (user is null)
            {
                return CurrentUser.NotAUser();
            }
            if (user.TwoFactorEnabled)
            {
                // Replacing the key of an active authenticator would silently switch 2FA to an unverified device.
                return CurrentUser.FieldError(CodeField, AccountTexts.Current.TwoFactorAlreadyEnabled);
            }
            await users.ResetAuthenticatorKeyAsync(user);
            var key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key after reset.");
            var uri = AuthenticatorSetup.AuthenticatorUri(user.Email!, key);
            return Results.Ok(new
            {
                sharedKey = AuthenticatorSetup.FormatKey(key),
                authenticatorUri = uri,
                qrCodeDataUri = AuthenticatorSetup.QrCodeDataUri(uri),
            });
        }).WithName("ResetAuthenticator");

        api.MapPost("/enable", async (TwoFactorCodeRequest request, HttpContext http, UserManager<JadeUser> users, SecurityAudit audit, CancellationToken ct) =>
        {
            var user = await CurrentUser.FindAsync(http.User, users);
            if (user is null)
            {
                return CurrentUser.NotAUser();
            }
            if (!await IsValidCodeAsync(users, user, request.Code))
            {
                return CurrentUser.FieldError(CodeField, AccountTexts.Current.InvalidCode);
            }
            // Enabling and issuing the codes are two updates; one audited transaction keeps them all-or-nothing.
            var codes = await audit.RecordAsync(http, user, SecurityAudit.Actions.TwoFactorEnable, new { enabled = false },
                new { enabled = true, recoveryCodes = RecoveryCodeCount }, async () =>
                {
                    (await users.SetTwoFactorEnabledAsync(user, true)).ThrowIfFailed("Identity update");
                    return await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
                }, generated => generated is not null, ct)
                ?? throw new InvalidOperationException("Recovery codes were not generated.");
            return Results.Ok(new { recoveryCodes = codes });
        }).WithName("EnableTwoFactor");

        api.MapPost("/disable", async (TwoFactorCodeRequest request, HttpContext http, UserManager<JadeUser> users, SecurityAudit audit,
            IdentityDb db, IOutbox outbox, TimeProvider time, CancellationToken ct) =>
        {
            var user = await CurrentUser.FindAsync(http.User, users);
            if (user is null)
            {
                return CurrentUser.NotAUser();
            }
            if (!user.TwoFactorEnabled)
            {
                return CurrentUser.FieldError(CodeField, AccountTexts.Current.TwoFactorNotEnabled);
            }
            // Turning the second factor off with a session alone would let a stolen one guess codes: wrong ones count.
            if (await Reauthentication.CodeProblemAsync(http, user, request.Code, CodeField, "two_factor_disable") is { } problem)
            {
                return problem;
            }
            // The alert goes with the change: a customer who did not turn it off hears that a password alone now signs in.
            var sighting = DeviceSighting.Of(http);
            var now = time.GetUtcNow();
            outbox.Add(new TwoFactorDisabled(user.Id, sighting.Device, sighting.MaskedIp, now));
            (await audit.RecordAsync(http, user, SecurityAudit.Actions.TwoFactorDisable, new { enabled = true }, new { enabled = false }, async () =>
            {
                var disabled = await users.SetTwoFactorEnabledAsync(user, false);
                if (disabled.Succeeded) await CustomerResetCancellation.CloseOnTwoFactorOffAsync(db, user, now, ct);
                return disabled;
            }, ct)).ThrowIfFailed("Identity update");
            return Results.NoContent();
        }).WithName("DisableTwoFactor");

        api.MapPost("/recovery-codes", async (RecoveryCodesRequest? request, HttpContext http, UserManager<JadeUser> users,
            SecurityAudit audit, CancellationToken ct) =>
        {
            var user = await CurrentUser.FindAsync(http.User, users);
            if (user is null)
            {
                return CurrentUser.NotAUser();
            }
            var texts = AccountTexts.Current;
            if (!user.TwoFactorEnabled)
            {
                return CurrentUser.FieldError(CodeField, texts.TwoFactorNotEnabled);
            }
            // New codes are a way past the authenticator, handed to whoever asks: the session alone is not enough.
            if (await Reauthentication.PasswordProblemAsync(http, user, request?.Password, PasswordField, "recovery_codes_regenerate") is { } problem)
            {
                return problem;
            }
            var codes = await audit.RecordAsync(http, user, SecurityAudit.Actions.RecoveryCodesRegenerate, null, new { recoveryCodes = RecoveryCodeCount },
                () => users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount), generated => generated is not null, ct);
            return Results.Ok(new { recoveryCodes = codes });
        }).WithName("RegenerateRecoveryCodes");
    }

    /// <summary>An authenticator code (never a recovery code), single-use: see <see cref="SingleUseAuthenticatorTokenProvider"/>.</summary>
    internal static async Task<bool> IsValidCodeAsync(UserManager<JadeUser> users, JadeUser user, string? code)
    {
        var normalized = AuthenticatorSetup.NormalizeCode(code);
        return normalized.Length is > 0 and <= 10
            && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, normalized);
    }

}
