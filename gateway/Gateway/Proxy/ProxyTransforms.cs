using System.Net.Http.Headers;
using Jade.Gateway.Bff;
using Jade.ServiceDefaults;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Jade.Gateway.Proxy;

/// <summary>What changes on the way to and from every service: credentials, the session cookie, correlation.</summary>
internal static class ProxyTransforms
{
    private const string GatewaySetCookiesItem = "Jade.Gateway.OwnSetCookies";

    // Credentials a service must never hand to the browser through an /api response.
    private static readonly string[] TokenBearingResponseHeaders =
        [HeaderNames.Authorization, HeaderNames.ProxyAuthorization, "Authentication-Info", "Proxy-Authentication-Info"];

    public static void Apply(TransformBuilderContext builder)
    {
        builder.AddRequestTransform(context =>
        {
            var http = context.HttpContext;
            StripSessionCookie(context.ProxyRequest.Headers);
            SetDevice(context.ProxyRequest.Headers, http.Request);
            if (http.Items[ApiSessionGuard.AccessTokenItem] is string accessToken)
            {
                context.ProxyRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            }
            if (http.Items[CorrelationIdMiddleware.ItemKey] is string correlationId)
            {
                context.ProxyRequest.Headers.Remove(CorrelationIdMiddleware.HeaderName);
                context.ProxyRequest.Headers.TryAddWithoutValidation(CorrelationIdMiddleware.HeaderName, correlationId);
            }
            // Cookies the gateway itself set so far in this request (e.g. ending an expired session) must survive
            // the response transform, which drops the service's.
            http.Items[GatewaySetCookiesItem] = http.Response.Headers.SetCookie;
            return ValueTask.CompletedTask;
        });

        builder.AddResponseTransform(context =>
        {
            var http = context.HttpContext;
            if (http.Items[CorrelationIdMiddleware.ItemKey] is string correlationId)
            {
                http.Response.Headers[CorrelationIdMiddleware.HeaderName] = correlationId;
            }
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                // APIs are cookie-less by design; identity's UI routes keep theirs (login, antiforgery).
                http.Response.Headers.SetCookie = http.Items[GatewaySetCookiesItem] is Microsoft.Extensions.Primitives.StringValues own ? own : default;
                foreach (var header in TokenBearingResponseHeaders)
                {
                    http.Response.Headers.Remove(header);
                }
            }
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>
    /// The browser's device, from identity's cookie, as <see cref="BrowserDevice.Header"/>: never what the client claims,
    /// so a script cannot pose as a device the customer used before.
    /// </summary>
    internal static void SetDevice(HttpRequestHeaders headers, HttpRequest request)
    {
        headers.Remove(BrowserDevice.Header);
        if (BrowserDevice.HeaderValueOf(request.Cookies[BrowserDevice.CookieName]) is { } device)
        {
            headers.TryAddWithoutValidation(BrowserDevice.Header, device);
        }
    }

    /// <summary>Removes <c>jade.session</c> (and chunks of it) and keeps every other cookie, e.g. identity's own.</summary>
    internal static void StripSessionCookie(HttpRequestHeaders headers)
    {
        if (!headers.TryGetValues(HeaderNames.Cookie, out var values))
        {
            return;
        }
        var kept = values
            .SelectMany(v => v.Split(';'))
            .Select(pair => pair.Trim())
            .Where(pair => pair.Length > 0 && !IsSessionCookie(pair))
            .ToList();
        headers.Remove(HeaderNames.Cookie);
        if (kept.Count > 0)
        {
            headers.TryAddWithoutValidation(HeaderNames.Cookie, string.Join("; ", kept));
        }
    }

    private static bool IsSessionCookie(string pair)
    {
        var name = pair.Split('=', 2)[0].Trim();
        const string Session = BffDefaults.SessionCookieName;
        return name == Session
            || (name.StartsWith(Session + "C", StringComparison.Ordinal) && name[(Session.Length + 1)..].All(char.IsAsciiDigit));
    }
}
