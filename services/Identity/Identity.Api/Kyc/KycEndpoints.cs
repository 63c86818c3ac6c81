using System.Text.Json;
using Jade.Contracts.Risk;
using Jade.Identity.Oidc;
using Jade.Identity.Profile;
using Jade.Identity.Users;
using Jade.Messaging;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;

namespace Jade.Identity.Kyc;

internal static class KycEndpoints
{
    public const string Path = "/api/identity/kyc";
    public const string UpgradePath = Path + "/upgrade";

    /// <summary>A submission is five short fields and an application six; anything much larger is neither.</summary>
    public const int MaxBodyBytes = 8 * 1024;

    public static IServiceCollection AddKyc(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => NationalIdBlindIndex.Create(configuration, sp.GetRequiredService<IdentityKeyFolder>()));
        services.AddScoped<KycService>();
        services.AddSingleton(KycUpgradePolicy.From(configuration));
        services.AddScoped<KycUpgradeService>();
        services.AddMessageHandler<KycScreeningCompleted, KycScreeningCompletedHandler>();
        services.AddMessageHandler<CaseResolved, KycUpgradeDecisionHandler>();
        return services;
    }

    public static void MapKycEndpoints(this WebApplication app)
    {
        var api = app.MapGroup(Path).RequireAuthorization(OidcServerSetup.CustomerApiPolicy);

        api.MapGet("", async (HttpContext http, UserManager<JadeUser> users, KycService kyc, CancellationToken ct) =>
        {
            var user = await CurrentUser.FindAsync(http.User, users);
            return user is null ? CurrentUser.NotAUser() : Results.Ok(await kyc.GetAsync(user.Id, ct));
        })
        .WithName("GetKycStatus")
        .Produces<KycStatusView>();

        // The bodies are read here rather than bound, so that an oversized or malformed one is a 400 naming "body" and a
        // wrong type in a field never reaches a generic parse error.
        api.MapPost("", async (HttpContext http, UserManager<JadeUser> users, KycService kyc, CancellationToken ct) =>
            await ForUserWithBodyAsync<KycSubmitRequest, KycStatusView>(http, users, Path, (userId, request) => kyc.SubmitAsync(userId, request, ct), ct))
        .WithName("SubmitKyc")
        .Accepts<KycSubmitRequest>("application/json")
        .Produces<KycStatusView>(StatusCodes.Status202Accepted)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/upgrade", async (HttpContext http, UserManager<JadeUser> users, KycUpgradeService upgrades, CancellationToken ct) =>
        {
            var user = await CurrentUser.FindAsync(http.User, users);
            return user is null ? CurrentUser.NotAUser() : Results.Ok(await upgrades.GetAsync(user.Id, ct));
        })
        .WithName("GetKycUpgrade")
        .Produces<KycUpgradeView>();

        api.MapPost("/upgrade", async (HttpContext http, UserManager<JadeUser> users, KycUpgradeService upgrades, CancellationToken ct) =>
            await ForUserWithBodyAsync<KycUpgradeRequest, KycUpgradeView>(http, users, UpgradePath,
                (userId, request) => upgrades.ApplyAsync(userId, request, ct), ct))
        .WithName("ApplyForKycUpgrade")
        .Accepts<KycUpgradeRequest>("application/json")
        .Produces<KycUpgradeView>(StatusCodes.Status202Accepted)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> ForUserWithBodyAsync<TRequest, TView>(HttpContext http, UserManager<JadeUser> users, string location,
        Func<Guid, TRequest, Task<KycResult<TView>>> handle, CancellationToken ct)
        where TRequest : class
    {
        var user = await CurrentUser.FindAsync(http.User, users);
        if (user is null)
        {
            return CurrentUser.NotAUser();
        }
        var texts = KycTexts.Current;
        var (request, bodyError) = await ReadBodyAsync<TRequest>(http, texts, ct);
        if (request is null)
        {
            return CurrentUser.FieldError(bodyError!.Value.Field, bodyError.Value.Message);
        }
        return await handle(user.Id, request) switch
        {
            KycResult<TView>.Accepted accepted => Results.Accepted(location, accepted.View),
            KycResult<TView>.Invalid invalid => Results.ValidationProblem(invalid.Errors),
            KycResult<TView>.Conflict conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "KYC request not possible now", detail: conflict.Detail),
            _ => throw new InvalidOperationException("Unknown KYC result."),
        };
    }

    private static async Task<(TRequest? Request, (string Field, string Message)? Error)> ReadBodyAsync<TRequest>(HttpContext http, KycTexts texts, CancellationToken ct)
        where TRequest : class
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return (null, (KycFields.Body, texts.BodyTooLarge));
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        try
        {
            int read;
            while (length < buffer.Length && (read = await http.Request.Body.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += read;
            }
        }
        catch (BadHttpRequestException)
        {
            return (null, (KycFields.Body, texts.BodyTooLarge));
        }
        if (length > MaxBodyBytes)
        {
            return (null, (KycFields.Body, texts.BodyTooLarge));
        }
        JsonDocument document;
        try
        {
            // Syntax first: broken JSON is the body's fault, whichever property it broke off in.
            document = JsonDocument.Parse(buffer.AsMemory(0, length));
        }
        catch (JsonException)
        {
            return (null, (KycFields.Body, texts.MalformedBody));
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, (KycFields.Body, texts.MalformedBody));
            }
            try
            {
                return (document.RootElement.Deserialize<TRequest>(JsonSerializerOptions.Web), null);
            }
            catch (JsonException ex)
            {
                // Well-formed, but a value of the wrong JSON type ("phone": 138…) is blamed on its field.
                var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal)
                    && path[2..].All(char.IsAsciiLetter) ? char.ToLowerInvariant(path[2]) + path[3..] : KycFields.Body;
                return (null, (field, texts.ExpectedText));
            }
        }
    }
}
