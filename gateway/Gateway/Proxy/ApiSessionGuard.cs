using Jade.Gateway.Bff;
using Jade.Gateway.Bff.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;

namespace Jade.Gateway.Proxy;

/// <summary>
/// Runs in the proxy pipeline for /api routes: decides which credential travels downstream and refuses
/// cookie-authenticated state changes that lack the anti-forgery header, before anything is forwarded.
/// </summary>
internal static class ApiSessionGuard
{
    /// <summary>HttpContext item holding the session's access token for the request transform.</summary>
    public const string AccessTokenItem = "Jade.Gateway.AccessToken";

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/api") || HasOwnBearer(context.Request))
        {
            // A service client's or operator's own token travels unchanged. A browser cannot add an Authorization
            // header cross-site without a CORS preflight the gateway never grants, so it needs no anti-forgery check.
            await next(context);
            return;
        }

        if (context.User.Identity?.IsAuthenticated == true)
        {
            if (!IsSafe(context.Request.Method) && context.Request.Headers[BffDefaults.AntiforgeryHeader] != "1")
            {
                await Results.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Anti-forgery header missing",
                    detail: $"State-changing requests made with the session cookie must send '{BffDefaults.AntiforgeryHeader}: 1'.")
                    .ExecuteAsync(context);
                return;
            }
            var accessToken = await context.GetTokenAsync(BffDefaults.CookieScheme, "access_token");
            if (string.IsNullOrEmpty(accessToken))
            {
                await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The session holds no access token").ExecuteAsync(context);
                return;
            }
            context.Items[AccessTokenItem] = accessToken;
            if (OpensLiveConnection(context) && IdentitySession.IdOf(accessToken) is { } sessionId)
            {
                // The proxied connection lives inside this call: held while it is open, so the session's end closes it.
                using var tracked = context.RequestServices.GetRequiredService<LiveConnections>().Track(context, sessionId);
                await next(context);
                return;
            }
        }
        // Anonymous calls go through as they are: the service decides (e.g. registration is open, the rest answers 401).
        await next(context);
    }

    /// <summary>A WebSocket (HTTP/1.1 upgrade or HTTP/2 extended CONNECT) or an event stream: open until someone closes it.</summary>
    private static bool OpensLiveConnection(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true
        || context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);

    private static bool HasOwnBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
}
