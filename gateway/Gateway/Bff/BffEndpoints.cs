using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;

namespace Jade.Gateway.Bff;

/// <summary>
/// What the SPA needs to drive the session (start a login, learn who is signed in, log out), and where identity ends a
/// session from its side.
/// </summary>
public static class BffEndpoints
{
    public static IEndpointRouteBuilder MapBffEndpoints(this IEndpointRouteBuilder app)
    {
        var bff = app.MapGroup("/bff");
        bff.MapGet("/login", Login);
        bff.MapGet("/user", (Func<HttpContext, Task<IResult>>)CurrentUser);
        bff.MapGet("/logout", Logout);
        bff.MapPost("/backchannel-logout", BackchannelLogout.ReceiveAsync);
        return app;
    }

    private static async Task Login(HttpContext context, string? returnUrl, bool? register)
    {
        returnUrl = string.IsNullOrEmpty(returnUrl) ? "/" : returnUrl;
        if (!IsLocalUrl(returnUrl))
        {
            // Returning to an arbitrary URL after login would make the gateway an open redirector.
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "returnUrl must be a local path").ExecuteAsync(context);
            return;
        }
        var properties = new AuthenticationProperties { RedirectUri = returnUrl };
        if (register == true)
        {
            properties.Items[BffDefaults.RegisterItem] = "true";
        }
        try
        {
            await context.ChallengeAsync(BffDefaults.OidcScheme, properties);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("IDX20803", StringComparison.Ordinal))
        {
            // IDX20803: identity's discovery document is unreachable; that is an outage upstream, not a gateway bug.
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Sign-in is temporarily unavailable").ExecuteAsync(context);
        }
    }

    private static async Task<IResult> CurrentUser(HttpContext context)
    {
        // The answer depends on the cookie; no cache may keep one user's answer for another.
        context.Response.Headers.CacheControl = "no-store";
        var session = await context.AuthenticateAsync(BffDefaults.CookieScheme);
        if (!session.Succeeded)
        {
            return Results.Ok(new AnonymousUser(false));
        }
        var user = session.Principal;
        var sid = SessionId(session.Properties) ?? "";
        return Results.Ok(new SignedInUser(
            true,
            user.FindFirst("sub")?.Value,
            user.FindFirst("email")?.Value,
            user.FindFirst("name")?.Value,
            [.. user.FindAll("role").Select(c => c.Value)],
            $"/bff/logout?sid={Uri.EscapeDataString(sid)}"));
    }

    private static async Task<IResult> Logout(HttpContext context, string? sid)
    {
        var session = await context.AuthenticateAsync(BffDefaults.CookieScheme);
        if (!session.Succeeded)
        {
            return Results.Redirect("/");
        }
        var expected = SessionId(session.Properties);
        if (sid is null || expected is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sid), Encoding.UTF8.GetBytes(expected)))
        {
            // Without the id only the SPA can read from /bff/user, a cross-site link cannot log the user out.
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "sid does not match the current session");
        }
        // OIDC first: it reads the id_token from the still-authenticated session for identity's end-session request;
        // then the cookie and its stored ticket go. Identity redirects back to /signout-callback-oidc, then to "/".
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [BffDefaults.OidcScheme, BffDefaults.CookieScheme]);
    }

    private static string? SessionId(AuthenticationProperties? properties) =>
        properties is not null && properties.Items.TryGetValue(BffDefaults.SessionIdItem, out var sid) ? sid : null;

    internal static bool IsLocalUrl(string url) =>
        url.Length > 0 && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    private sealed record AnonymousUser(bool IsAuthenticated);

    private sealed record SignedInUser(bool IsAuthenticated, string? Sub, string? Email, string? Name, IReadOnlyList<string> Roles, string LogoutUrl);
}
