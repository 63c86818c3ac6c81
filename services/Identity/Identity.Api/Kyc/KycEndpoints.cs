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

    /// <summary>A submission is five short fields; anything much larger is not one.</summary>
    public const int MaxBodyBytes = 8 * 1024;

    public static IServiceCollection AddKyc(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => NationalIdBlindIndex.Create(configuration, sp.GetRequiredService<IdentityKeyFolder>()));
        services.AddScoped<KycService>();
        services.AddMessageHandler<KycScreeningCompleted, KycScreeningCompletedHandler>();
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

        // The body is read here rather than bound, so that an oversized or malformed one is a 400 naming "body" and a
        // wrong type in a field never reaches a generic parse error.
        api.MapPost("", async (HttpContext http, UserManager<JadeUser> users, KycService kyc, CancellationToken ct) =>
        {
            var user = await CurrentUser.FindAsync(http.User, users);
            if (user is null)
            {
                return CurrentUser.NotAUser();
            }
            var texts = KycTexts.Current;
            var (request, bodyError) = await ReadBodyAsync(http, texts, ct);
            if (request is null)
            {
                return CurrentUser.FieldError(bodyError!.Value.Field, bodyError.Value.Message);
            }
            return await kyc.SubmitAsync(user.Id, request, ct) switch
            {
                KycSubmitResult.Accepted accepted => Results.Accepted(Path, accepted.View),
                KycSubmitResult.Invalid invalid => Results.ValidationProblem(invalid.Errors),
                KycSubmitResult.Conflict conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: "KYC submission not possible now", detail: conflict.Detail),
                _ => throw new InvalidOperationException("Unknown submission result."),
            };
        })
        .WithName("SubmitKyc")
        .Accepts<KycSubmitRequest>("application/json")
        .Produces<KycStatusView>(StatusCodes.Status202Accepted)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<(KycSubmitRequest? Request, (string Field, string Message)? Error)> ReadBodyAsync(HttpContext http, KycTexts texts, CancellationToken ct)
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
                return (document.RootElement.Deserialize<KycSubmitRequest>(JsonSerializerOptions.Web), null);
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
