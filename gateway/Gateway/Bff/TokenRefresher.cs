using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Jade.Gateway.Bff;

/// <summary>
/// Keeps the session's access token usable: shortly before it expires it is exchanged with the refresh token
/// (identity rotates refresh tokens, so the new one replaces the old); a failed refresh ends the session.
/// </summary>
internal sealed partial class TokenRefresher(IOptionsMonitor<OpenIdConnectOptions> oidcOptions, TimeProvider time, ILogger<TokenRefresher> logger)
{
    private static readonly TimeSpan RefreshAhead = TimeSpan.FromSeconds(60);

    // Requests of one session racing past the expiry would each spend the same rotated refresh token and all but
    // the first would fail; they share one exchange instead, remembered briefly for the late ones.
    private static readonly TimeSpan ShareWindow = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, SharedRefresh> _recent = new();

    public async Task RefreshIfExpiringAsync(CookieValidatePrincipalContext context)
    {
        var expiresAt = context.Properties.GetTokenValue("expires_at");
        if (expiresAt is null
            || !DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiry)
            || expiry - time.GetUtcNow() > RefreshAhead)
        {
            return;
        }

        var refreshToken = context.Properties.GetTokenValue("refresh_token");
        var refreshed = refreshToken is null ? null : await ShareAsync(refreshToken).Value;
        if (refreshed is null)
        {
            LogSessionEnded(logger);
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(BffDefaults.CookieScheme);
            return;
        }

        var tokens = context.Properties.GetTokens().ToDictionary(t => t.Name, t => t.Value, StringComparer.Ordinal);
        tokens["access_token"] = refreshed.AccessToken;
        tokens["refresh_token"] = refreshed.RefreshToken ?? refreshToken!;
        tokens["expires_at"] = refreshed.ExpiresAt.ToString("o", CultureInfo.InvariantCulture);
        if (refreshed.IdToken is not null)
        {
            tokens["id_token"] = refreshed.IdToken;
        }
        context.Properties.StoreTokens(tokens.Select(t => new AuthenticationToken { Name = t.Key, Value = t.Value }));
        // Renewing writes the updated ticket back to the session store under the same key.
        context.ShouldRenew = true;
    }

    private Lazy<Task<RefreshedTokens?>> ShareAsync(string refreshToken)
    {
        var now = time.GetUtcNow();
        foreach (var stale in _recent.Where(e => now - e.Value.Started > ShareWindow))
        {
            _recent.TryRemove(stale);
        }
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));
        return _recent.GetOrAdd(key, _ => new SharedRefresh(now, new Lazy<Task<RefreshedTokens?>>(() => ExchangeAsync(refreshToken)))).Exchange;
    }

    private async Task<RefreshedTokens?> ExchangeAsync(string refreshToken)
    {
        try
        {
            var options = oidcOptions.Get(BffDefaults.OidcScheme);
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(CancellationToken.None);
            using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["refresh_token"] = refreshToken,
                    ["client_id"] = options.ClientId!,
                    ["client_secret"] = options.ClientSecret!,
                }),
            };
            // Not the caller's cancellation token: other requests of the session may be waiting on this exchange.
            using var response = await options.Backchannel.SendAsync(request, CancellationToken.None);
            if (!response.IsSuccessStatusCode)
            {
                LogRefreshRejected(logger, (int)response.StatusCode);
                return null;
            }
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None));
            var root = json.RootElement;
            var expiresIn = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : 3600;
            return new RefreshedTokens(
                root.GetProperty("access_token").GetString()!,
                root.TryGetProperty("refresh_token", out var r) ? r.GetString() : null,
                root.TryGetProperty("id_token", out var i) ? i.GetString() : null,
                time.GetUtcNow().AddSeconds(expiresIn));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            LogRefreshFailed(logger, ex);
            return null;
        }
    }

    private sealed record SharedRefresh(DateTimeOffset Started, Lazy<Task<RefreshedTokens?>> Exchange);

    private sealed record RefreshedTokens(string AccessToken, string? RefreshToken, string? IdToken, DateTimeOffset ExpiresAt);

    [LoggerMessage(LogLevel.Information, "Ending the session: its access token expired and could not be refreshed")]
    private static partial void LogSessionEnded(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Identity refused the refresh token with status {Status}")]
    private static partial void LogRefreshRejected(ILogger logger, int status);

    [LoggerMessage(LogLevel.Warning, "Refreshing the access token failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
