using System.Text.Json;
using Jade.Identity.Localization;
using Jade.Identity.Oidc;
using Jade.Identity.Passkeys;
using Jade.Identity.Profile;
using Jade.Identity.TwoFactor;
using Jade.Identity.Users;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Identity;

namespace Jade.Identity.StepUp;

/// <summary>Either an authenticator <c>code</c>, or a passkey's answer (<c>credential</c>) to the ceremony begun at
/// <c>/api/identity/step-up/passkey-options</c>.</summary>
public sealed record StepUpRequest(string? Purpose, string? Code, Guid? CeremonyId = null, JsonElement? Credential = null);

public sealed record StepUpPasskeyOptionsRequest(string? Purpose);

/// <summary>
/// Step-up: the signed-in customer proves their authenticator code or one of their passkeys again, for one named purpose
/// (such as resetting the payment PIN), and gets a short-lived signed token another service accepts as that proof
/// (<see cref="StepUpTokens"/>). Wrong codes count towards the same lockout as sign-in; recovery codes are not accepted.
/// </summary>
internal static class StepUpEndpoints
{
    public const string TwoFactorRequiredType = "https://jade.example/problems/two-factor-required";
    public const string PasskeyRequiredType = "https://jade.example/problems/passkey-required";
    /// <summary>RFC 8176 <c>amr</c> value for a one-time password from an authenticator app.</summary>
    public const string OtpMethod = "otp";
    /// <summary>RFC 8176 <c>amr</c> value for proof of possession of a hardware-secured key: a passkey.</summary>
    public const string PasskeyMethod = "hwk";
    private const string PurposeField = "purpose";
    private const string CodeField = "code";

    public static IServiceCollection AddStepUp(this IServiceCollection services) =>
        services.AddSingleton<StepUpTokenIssuer>();

    public static void MapStepUpEndpoints(this WebApplication app)
    {
        app.MapPost("/api/identity/step-up", StepUpAsync)
            .RequireAuthorization(OidcServerSetup.CustomerApiPolicy)
            .WithName("StepUp");
        app.MapPost("/api/identity/step-up/passkey-options", PasskeyOptionsAsync)
            .RequireAuthorization(OidcServerSetup.CustomerApiPolicy)
            .WithName("BeginPasskeyStepUp");
    }

    private static async Task<IResult> PasskeyOptionsAsync(StepUpPasskeyOptionsRequest request, HttpContext http,
        UserManager<JadeUser> users, IPasskeyHandler<JadeUser> handler, PasskeyCeremonies ceremonies, CancellationToken ct)
    {
        var texts = AccountTexts.Current;
        if (PurposeProblem(request.Purpose, texts) is { } problem)
        {
            return problem;
        }
        var user = await CurrentUser.FindAsync(http.User, users);
        if (user is null)
        {
            return CurrentUser.NotAUser();
        }
        if ((await users.GetPasskeysAsync(user)).Count == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, type: PasskeyRequiredType,
                title: texts.PasskeyRequiredTitle, detail: texts.PasskeyRequiredDetail);
        }
        // Naming the user restricts the browser to this customer's passkeys (allowCredentials).
        var options = await handler.MakeRequestOptionsAsync(user, http);
        var ceremony = await ceremonies.BeginAsync(user.Id, PasskeyPurposes.StepUp(request.Purpose!),
            options.AssertionState ?? throw new InvalidOperationException("The passkey handler kept no assertion state."), ct);
        return PasskeyEndpoints.Ceremony(http, ceremony, options.RequestOptionsJson);
    }

    private static IResult? PurposeProblem(string? purpose, AccountTexts texts) =>
        string.IsNullOrEmpty(purpose) ? CurrentUser.FieldError(PurposeField, texts.Required)
        : !StepUpTokens.Purposes.All.Contains(purpose) ? CurrentUser.FieldError(PurposeField, texts.StepUpUnknownPurpose)
        : null;

    private static async Task<IResult> StepUpAsync(StepUpRequest request, HttpContext http, UserManager<JadeUser> users,
        StepUpTokenIssuer issuer, PasskeyAnswers passkeys, ILoggerFactory logs, CancellationToken ct)
    {
        var texts = AccountTexts.Current;
        if (PurposeProblem(request.Purpose, texts) is { } problem)
        {
            return problem;
        }
        var purpose = request.Purpose!;
        var user = await CurrentUser.FindAsync(http.User, users);
        if (user is null)
        {
            return CurrentUser.NotAUser();
        }
        var logger = logs.CreateLogger("Jade.Identity.StepUp");
        if (request.Credential is not null || request.CeremonyId is not null)
        {
            return await PasskeyStepUpAsync(request, purpose, http, user, users, passkeys, issuer, logger, ct);
        }
        if (!user.TwoFactorEnabled)
        {
            // An authenticator key set up but never confirmed (2FA not enabled) does not count either.
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, type: TwoFactorRequiredType,
                title: texts.StepUpTwoFactorRequiredTitle, detail: texts.StepUpTwoFactorRequiredDetail);
        }
        if (await Reauthentication.CodeProblemAsync(http, user, request.Code, CodeField, $"step_up:{purpose}") is { } codeProblem)
        {
            return codeProblem;
        }
        return Issue(http, issuer, user, purpose, OtpMethod, logger);
    }

    /// <summary>
    /// A passkey proves possession and (user verification required) the person: one good answer to a challenge issued
    /// to this customer for this purpose. Failed answers are not counted towards lockout — they cannot be guessed —
    /// but a locked-out customer cannot step up with a passkey either.
    /// </summary>
    private static async Task<IResult> PasskeyStepUpAsync(StepUpRequest request, string purpose, HttpContext http, JadeUser user,
        UserManager<JadeUser> users, PasskeyAnswers passkeys, StepUpTokenIssuer issuer, ILogger logger, CancellationToken ct)
    {
        var texts = AccountTexts.Current;
        var errors = new Dictionary<string, string[]>();
        CeremonyAnswerFields.Check(request.CeremonyId, request.Credential, texts, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }
        if (await users.IsLockedOutAsync(user))
        {
            logger.LogWarning("Step-up for {Purpose} refused: user {UserId} is locked out", purpose, user.Id);
            return Reauthentication.LockedOut(texts);
        }
        // The ceremony names this customer, so the handler accepts only one of their own passkeys.
        var (answer, _) = await passkeys.VerifyAsync(http, request.CeremonyId!.Value, user.Id, PasskeyPurposes.StepUp(purpose),
            request.Credential!.Value.GetRawText(), ct);
        switch (answer)
        {
            case PasskeyAnswer.CeremonyGone:
                return CurrentUser.FieldError(CeremonyAnswerFields.CeremonyId, texts.PasskeyCeremonyExpired);
            case PasskeyAnswer.Refused:
                return CurrentUser.FieldError(CeremonyAnswerFields.Credential, texts.PasskeyNotAccepted);
        }
        return Issue(http, issuer, user, purpose, PasskeyMethod, logger);
    }

    private static IResult Issue(HttpContext http, StepUpTokenIssuer issuer, JadeUser user, string purpose, string method, ILogger logger)
    {
        var issued = issuer.Issue(user, purpose, method);
        // Never the code or the token: the token id is enough to match this line with the service that consumes it.
        logger.LogInformation("User {UserId} stepped up for {Purpose} with {Method}; step-up token {TokenId} expires at {ExpiresAt}",
            user.Id, purpose, method, issued.TokenId, issued.ExpiresAt);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok(new { token = issued.Token, expiresAt = issued.ExpiresAt, method });
    }
}
