using System.Buffers.Text;
using System.Text.Json;
using Jade.Gateway.Bff.Sessions;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Jade.Gateway.Bff;

/// <summary>
/// Receives OpenID Connect Back-Channel Logout: identity posts a signed logout token when it ends a session behind the
/// browser's back (a password change, a support reset, signing out of other devices), and the stored session goes at
/// once. Without it the session would run on its current access token until that expired (up to 15 minutes).
/// </summary>
public static partial class BackchannelLogout
{
    private static readonly JsonWebTokenHandler Handler = new();

    public static async Task<IResult> ReceiveAsync(
        HttpContext context, IOptionsMonitor<OpenIdConnectOptions> oidc, GatewayDb db, LiveConnections connections, ILoggerFactory loggers,
        CancellationToken ct)
    {
        context.Response.Headers.CacheControl = "no-store";
        var logger = loggers.CreateLogger(typeof(BackchannelLogout));
        var token = context.Request.HasFormContentType ? (await context.Request.ReadFormAsync(ct))["logout_token"].ToString() : "";
        if (token.Length == 0)
        {
            return Refuse("logout_token is required (application/x-www-form-urlencoded).");
        }

        var options = oidc.Get(BffDefaults.OidcScheme);
        var validated = await ValidateAsync(token, options, ct);
        if (!validated.IsValid && validated.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Identity may have started signing with a new key since the gateway last read its key set.
            options.ConfigurationManager!.RequestRefresh();
            validated = await ValidateAsync(token, options, ct);
        }
        if (!validated.IsValid)
        {
            LogRefused(logger, validated.Exception?.GetType().Name ?? "invalid");
            return Refuse("The logout token is not valid.");
        }

        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(((JsonWebToken)validated.SecurityToken).EncodedPayload));
        var claims = payload.RootElement;
        if (!claims.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Object || !events.TryGetProperty(LogoutTokens.EventType, out _))
        {
            return Refuse($"The logout token must name the {LogoutTokens.EventType} event.");
        }
        if (claims.TryGetProperty("nonce", out _))
        {
            // An ID token carries a nonce and a logout token must not: refusing it stops an ID token posing as one.
            return Refuse("A logout token must not carry a nonce.");
        }
        if (!claims.TryGetProperty("iat", out _)
            || !claims.TryGetProperty("sid", out var sid) || sid.ValueKind != JsonValueKind.String || sid.GetString() is not { Length: > 0 } sessionId)
        {
            return Refuse("The logout token must carry iat and the sid of the session to end.");
        }

        var ended = await db.Sessions.Where(s => s.IdentitySessionId == sessionId).ExecuteDeleteAsync(ct);
        // Its live connections on this replica close now; other replicas close theirs at their next check.
        var closed = connections.End(sessionId);
        LogEnded(logger, ended, closed);
        return Results.Ok();
    }

    private static async Task<TokenValidationResult> ValidateAsync(string token, OpenIdConnectOptions options, CancellationToken ct)
    {
        // Identity's discovery document and keys, as the sign-in reads them (cached by the configuration manager).
        var configuration = await options.ConfigurationManager!.GetConfigurationAsync(ct);
        return await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = options.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidTypes = [LogoutTokens.TokenType],
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
        });
    }

    private static IResult Refuse(string description) =>
        Results.Json(new { error = "invalid_request", error_description = description }, statusCode: StatusCodes.Status400BadRequest);

    [LoggerMessage(Level = LogLevel.Information, Message = "Back-channel logout ended {Sessions} stored session(s) and closed {Connections} live connection(s)")]
    private static partial void LogEnded(ILogger logger, int sessions, int connections);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Back-channel logout refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
