using Jade.Contracts.Identity;
using Jade.Identity.Oidc;
using Jade.Messaging;
using Jade.ServiceDefaults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Jade.Identity.Sessions;

/// <summary>
/// Tells the application holding an ended session to drop it now (OpenID Connect Back-Channel Logout 1.0): a logout token
/// signed with identity's token key, naming the session as <c>sid</c>, posted to the client's
/// <see cref="ClientSettings.BackchannelLogoutUri"/>. A refusal or an unreachable client throws, so the bus retries and
/// finally dead-letters the message; until then the session still ends when its access token expires.
/// </summary>
internal sealed partial class BackchannelLogoutHandler(
    IOptionsMonitor<OidcSettings> settings,
    IOptionsMonitor<OpenIddictServerOptions> server,
    IHttpClientFactory clients,
    TimeProvider time,
    ILogger<BackchannelLogoutHandler> logger) : IMessageHandler<SessionEnded>
{
    public const string HttpClientName = "backchannel-logout";
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(2);
    private static readonly JsonWebTokenHandler Tokens = new();

    public async Task HandleAsync(SessionEnded message, MessageContext context, CancellationToken cancellationToken)
    {
        var client = settings.CurrentValue.Clients.FirstOrDefault(c => c.ClientId == message.ClientId);
        if (string.IsNullOrWhiteSpace(client?.BackchannelLogoutUri))
        {
            return;
        }
        using var response = await clients.CreateClient(HttpClientName).PostAsync(client.BackchannelLogoutUri,
            new FormUrlEncodedContent([new("logout_token", LogoutToken(message))]), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{client.ClientId} refused the back-channel logout with {(int)response.StatusCode}", null, response.StatusCode);
        }
        LogSent(logger, message.SessionId, client.ClientId, message.Reason);
    }

    private string LogoutToken(SessionEnded message)
    {
        var options = server.CurrentValue;
        var now = time.GetUtcNow().UtcDateTime;
        return Tokens.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer!.AbsoluteUri,
            Audience = message.ClientId,
            TokenType = LogoutTokens.TokenType,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.Add(TokenLifetime),
            // The key the access tokens are signed with, so the client checks it against the keys it already trusts.
            SigningCredentials = options.SigningCredentials[0],
            Claims = new Dictionary<string, object>
            {
                ["sub"] = message.UserId.ToString(),
                ["sid"] = message.SessionId,
                ["jti"] = Guid.NewGuid().ToString("N"),
                ["events"] = new Dictionary<string, object> { [LogoutTokens.EventType] = new Dictionary<string, object>() },
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Back-channel logout of session {SessionId} sent to {ClientId} ({Reason})")]
    private static partial void LogSent(ILogger logger, string sessionId, string clientId, string reason);
}
