using System.Buffers.Text;
using System.Text.Json;
using Jade.Contracts.Identity;
using Jade.Identity.Audit;
using Jade.Identity.Devices;
using Jade.Identity.Localization;
using Jade.Identity.Oidc;
using Jade.Identity.Profile;
using Jade.Identity.Users;
using Jade.Messaging;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Jade.Identity.Passkeys;

/// <summary>Begins adding a passkey: the account password, proven again.</summary>
public sealed record PasskeyRegistrationStart(string? Password);

public sealed record PasskeyRegistration(Guid? CeremonyId, string? Name, JsonElement? Credential);

public sealed record PasskeyRename(string? Name);

/// <summary>A passkey as the customer sees it; <c>id</c> is the base64url credential id.</summary>
public sealed record PasskeyView(string Id, string Name, DateTimeOffset CreatedAt, bool BackedUp)
{
    public static PasskeyView Of(UserPasskeyInfo passkey) =>
        new(Base64Url.EncodeToString(passkey.CredentialId), passkey.Name ?? "", passkey.CreatedAt, passkey.IsBackedUp);
}

/// <summary>The signed-in customer's passkeys (the SPA's security page): list, add, rename, remove.</summary>
internal static class PasskeyEndpoints
{
    public const string LimitType = "https://jade.example/problems/passkey-limit";
    public const string ExistsType = "https://jade.example/problems/passkey-exists";
    public const int MaxNameLength = 50;
    private const string NameField = "name";
    private const string PasswordField = "password";

    public static void MapPasskeyEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api/identity/passkeys").RequireAuthorization(OidcServerSetup.CustomerApiPolicy);
        api.MapGet("", ListAsync).WithName("ListPasskeys");
        api.MapPost("/registrations", BeginRegistrationAsync).WithName("BeginPasskeyRegistration");
        api.MapPost("", RegisterAsync).WithName("RegisterPasskey");
        api.MapPut("/{id}/name", RenameAsync).WithName("RenamePasskey");
        api.MapDelete("/{id}", RemoveAsync).WithName("RemovePasskey");
    }

    private static async Task<IResult> ListAsync(HttpContext http, UserManager<JadeUser> users, IOptions<PasskeySettings> settings)
    {
        var user = await CurrentUser.FindAsync(http.User, users);
        if (user is null)
        {
            return CurrentUser.NotAUser();
        }
        var passkeys = await users.GetPasskeysAsync(user);
        return Results.Ok(new
        {
            passkeys = passkeys.OrderByDescending(p => p.CreatedAt).Select(PasskeyView.Of),
            limit = settings.Value.MaxPerUser,
        });
    }

    /// <summary>
    /// A passkey is a lasting way to sign in, so the session alone does not add one: the customer enters their password
    /// again, and wrong passwords count towards lockout as at sign-in. A stolen session cannot quietly become a key.
    /// </summary>
    private static async Task<IResult> BeginRegistrationAsync(PasskeyRegistrationStart? request, HttpContext http, UserManager<JadeUser> users,
        IPasskeyHandler<JadeUser> handler, PasskeyCeremonies ceremonies, IOptions<PasskeySettings> settings, CancellationToken ct)
    {
        var user = await CurrentUser.FindAsync(http.User, users);
        if (user is null)
        {
            return CurrentUser.NotAUser();
        }
        if (await LimitReachedAsync(users, user, settings.Value) is { } limit)
        {
            return limit;
        }
        if (await Reauthentication.PasswordProblemAsync(http, user, request?.Password, PasswordField, "passkey_add") is { } problem)
        {
            return problem;
        }
        var name = user.Email ?? user.UserName ?? user.Id.ToString();
        var options = await handler.MakeCreationOptionsAsync(new PasskeyUserEntity { Id = user.Id.ToString(), Name = name, DisplayName = name }, http);
        var ceremony = await ceremonies.BeginAsync(user.Id, PasskeyPurposes.Registration,
            options.AttestationState ?? throw new InvalidOperationException("The passkey handler kept no attestation state."), ct);
        return Ceremony(http, ceremony, options.CreationOptionsJson);
    }

    private static async Task<IResult> RegisterAsync(PasskeyRegistration request, HttpContext http, UserManager<JadeUser> users,
        IPasskeyHandler<JadeUser> handler, PasskeyCeremonies ceremonies, IOptions<PasskeySettings> settings, IOutbox outbox,
        SecurityAudit audit, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        var texts = AccountTexts.Current;
        var errors = new Dictionary<string, string[]>();
        var name = ValidName(request.Name, texts, errors);
        CeremonyAnswerFields.Check(request.CeremonyId, request.Credential, texts, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }
        var user = await CurrentUser.FindAsync(http.User, users);
        if (user is null)
        {
            return CurrentUser.NotAUser();
        }
        if (await LimitReachedAsync(users, user, settings.Value) is { } limit)
        {
            return limit;
        }
        var state = await ceremonies.TakeAsync(request.CeremonyId!.Value, user.Id, PasskeyPurposes.Registration, ct);
        if (state is null)
        {
            return CurrentUser.FieldError(CeremonyAnswerFields.CeremonyId, texts.PasskeyCeremonyExpired);
        }
        if (await IsRegisteredAsync(users, request.Credential!.Value))
        {
            // The handler would refuse it too, but only as "not accepted"; this says what to do instead.
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, type: ExistsType,
                title: texts.PasskeyExistsTitle, detail: texts.PasskeyExistsDetail);
        }
        var logger = logs.CreateLogger("Jade.Identity.Passkeys");
        var result = await handler.PerformAttestationAsync(new PasskeyAttestationContext
        {
            CredentialJson = request.Credential!.Value.GetRawText(),
            AttestationState = state,
            HttpContext = http,
        });
        if (!result.Succeeded)
        {
            logger.LogWarning("Passkey registration refused for user {UserId}: {Reason}", user.Id, result.Failure.Message);
            return CurrentUser.FieldError(CeremonyAnswerFields.Credential, texts.PasskeyNotAccepted);
        }
        result.Passkey.Name = name;
        var view = PasskeyView.Of(result.Passkey);
        // Saved with the passkey and its audit record: the customer hears of every passkey that can sign them in.
        var sighting = DeviceSighting.Of(http);
        outbox.Add(new PasskeyAdded(user.Id, view.Id, name, sighting.Device, sighting.MaskedIp, time.GetUtcNow()));
        (await audit.RecordAsync(http, user, SecurityAudit.Actions.PasskeyAdd, null, new { view.Id, view.Name },
            () => users.AddOrUpdatePasskeyAsync(user, result.Passkey), ct)).ThrowIfFailed("Identity update");
        logger.LogInformation("User {UserId} added passkey {PasskeyId} (backed up: {BackedUp})", user.Id, view.Id, view.BackedUp);
        return Results.Created($"/api/identity/passkeys/{view.Id}", view);
    }

    private static async Task<IResult> RenameAsync(string id, PasskeyRename request, HttpContext http, UserManager<JadeUser> users,
        SecurityAudit audit, CancellationToken ct)
    {
        var texts = AccountTexts.Current;
        var errors = new Dictionary<string, string[]>();
        var name = ValidName(request.Name, texts, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }
        var user = await CurrentUser.FindAsync(http.User, users);
        if (user is null)
        {
            return CurrentUser.NotAUser();
        }
        if (await FindOwnAsync(users, user, id) is not { } passkey)
        {
            return Results.NotFound();
        }
        var before = new { id, passkey.Name };
        passkey.Name = name;
        (await audit.RecordAsync(http, user, SecurityAudit.Actions.PasskeyRename, before, new { id, name },
            () => users.AddOrUpdatePasskeyAsync(user, passkey), ct)).ThrowIfFailed("Identity update");
        return Results.Ok(PasskeyView.Of(passkey));
    }

    private static async Task<IResult> RemoveAsync(string id, HttpContext http, UserManager<JadeUser> users, SecurityAudit audit,
        ILoggerFactory logs, CancellationToken ct)
    {
        var user = await CurrentUser.FindAsync(http.User, users);
        if (user is null)
        {
            return CurrentUser.NotAUser();
        }
        if (await FindOwnAsync(users, user, id) is not { } passkey)
        {
            return Results.NotFound();
        }
        (await audit.RecordAsync(http, user, SecurityAudit.Actions.PasskeyRemove, new { id, passkey.Name }, null,
            () => users.RemovePasskeyAsync(user, passkey.CredentialId), ct)).ThrowIfFailed("Identity update");
        logs.CreateLogger("Jade.Identity.Passkeys").LogInformation("User {UserId} removed passkey {PasskeyId}", user.Id, id);
        return Results.NoContent();
    }

    /// <summary>The options the browser passes to <c>navigator.credentials</c>, with the ceremony that must come back.</summary>
    internal static IResult Ceremony(HttpContext http, PasskeyCeremony ceremony, string optionsJson)
    {
        http.Response.Headers.CacheControl = "no-store";
        using var options = JsonDocument.Parse(optionsJson);
        return Results.Ok(new { ceremonyId = ceremony.Id, options = options.RootElement.Clone(), expiresAt = ceremony.ExpiresAt });
    }

    /// <summary>Another customer's passkey id, or one that is not base64url, is simply not found.</summary>
    private static async Task<UserPasskeyInfo?> FindOwnAsync(UserManager<JadeUser> users, JadeUser user, string id) =>
        Base64Url.IsValid(id) ? await users.GetPasskeyAsync(user, Base64Url.DecodeFromChars(id)) : null;

    private static async Task<bool> IsRegisteredAsync(UserManager<JadeUser> users, JsonElement credential) =>
        credential.TryGetProperty("rawId", out var rawId) && rawId.ValueKind == JsonValueKind.String
        && rawId.GetString() is { } id && Base64Url.IsValid(id)
        && await users.FindByPasskeyIdAsync(Base64Url.DecodeFromChars(id)) is not null;

    private static async Task<IResult?> LimitReachedAsync(UserManager<JadeUser> users, JadeUser user, PasskeySettings settings)
    {
        if ((await users.GetPasskeysAsync(user)).Count < settings.MaxPerUser)
        {
            return null;
        }
        var texts = AccountTexts.Current;
        return Results.Problem(statusCode: StatusCodes.Status409Conflict, type: LimitType,
            title: texts.PasskeyLimitTitle, detail: texts.PasskeyLimitDetail(settings.MaxPerUser));
    }

    private static string ValidName(string? name, AccountTexts texts, Dictionary<string, string[]> errors)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            errors[NameField] = [texts.Required];
        }
        else if (trimmed.Length > MaxNameLength)
        {
            errors[NameField] = [texts.TooLong(MaxNameLength)];
        }
        return trimmed;
    }

}
