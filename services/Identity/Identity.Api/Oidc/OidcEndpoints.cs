using Jade.Identity.Users;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Jade.Identity.Oidc;

/// <summary>The passthrough OIDC endpoints: OpenIddict validates the protocol, these decide who gets what.</summary>
internal static class OidcEndpoints
{
    public const string RegisterParameter = "register";

    public static void MapOidcEndpoints(this WebApplication app)
    {
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/connect/token", TokenAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapMethods("/connect/logout", [HttpMethods.Get, HttpMethods.Post], LogoutAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapMethods("/connect/userinfo", [HttpMethods.Get, HttpMethods.Post], UserInfoAsync).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> AuthorizeAsync(
        HttpContext http, UserManager<JadeUser> users, SignInManager<JadeUser> signIn, OidcPrincipalFactory principals, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var cookie = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = cookie.Succeeded ? await users.GetUserAsync(cookie.Principal) : null;
        // prompt=login forces a fresh sign-in; the return URL drops the prompt, so coming back does not loop.
        var loginRequested = request.HasPromptValue(PromptValues.Login);
        if (loginRequested && user is not null)
        {
            await signIn.SignOutAsync();
        }

        if (user is null || loginRequested || await users.IsLockedOutAsync(user))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.LoginRequired, "The user is not signed in.");
            }
            // Come back to this same authorization request once the user has signed in (or registered).
            var parameters = request.GetParameters()
                .Where(p => p.Key != RegisterParameter && p.Key != Parameters.Prompt)
                .Select(p => new KeyValuePair<string, string?>(p.Key, p.Value.ToString()));
            var returnUrl = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters);
            if (string.Equals(request[RegisterParameter]?.ToString(), "true", StringComparison.OrdinalIgnoreCase))
            {
                return Results.Redirect("/account/register" + QueryString.Create("ReturnUrl", returnUrl));
            }
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [IdentityConstants.ApplicationScheme]);
        }

        var principal = await principals.ForUserAsync(user, request.GetScopes(), ct);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(
        HttpContext http, UserManager<JadeUser> users, OidcPrincipalFactory principals,
        IOpenIddictApplicationManager applications, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var stored = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var subject = stored.Principal?.GetClaim(Claims.Subject);
            var user = Guid.TryParse(subject, out _) ? await users.FindByIdAsync(subject!) : null;
            // A user deleted or locked out since the code/refresh token was issued gets no new tokens.
            if (user is null || await users.IsLockedOutAsync(user))
            {
                return Forbid(Errors.InvalidGrant, "The user can no longer sign in.");
            }
            var principal = await principals.ForUserAsync(user, stored.Principal!.GetScopes(), ct);
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsClientCredentialsGrantType())
        {
            // OpenIddict has already authenticated the client and checked its scope permissions.
            var application = await applications.FindByClientIdAsync(request.ClientId!, ct)
                ?? throw new InvalidOperationException("The authenticated client no longer exists.");
            var principal = await principals.ForClientAsync(
                request.ClientId!, await applications.GetDisplayNameAsync(application, ct), request.GetScopes(), ct);
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Forbid(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, SignInManager<JadeUser> signIn)
    {
        await signIn.SignOutAsync();
        // OpenIddict redirects to the validated post_logout_redirect_uri, or to RedirectUri when none was given.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext http, UserManager<JadeUser> users)
    {
        var token = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var subject = token.Principal?.GetClaim(Claims.Subject);
        var user = Guid.TryParse(subject, out _) ? await users.FindByIdAsync(subject!) : null;
        if (user is null)
        {
            return Results.Challenge(Properties(Errors.InvalidToken, "The token does not belong to a user."),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }
        var claims = new Dictionary<string, object?>(StringComparer.Ordinal) { [Claims.Subject] = user.Id.ToString() };
        var principal = token.Principal!;
        if (principal.HasScope(Scopes.Email))
        {
            claims[Claims.Email] = user.Email;
            claims[Claims.EmailVerified] = user.EmailConfirmed;
        }
        if (principal.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = user.Email;
            claims[Claims.Locale] = user.Language;
        }
        if (principal.HasScope(Scopes.Roles))
        {
            claims[Claims.Role] = await users.GetRolesAsync(user);
        }
        return Results.Ok(claims);
    }

    private static IResult Forbid(string error, string description) =>
        Results.Forbid(Properties(error, description), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static AuthenticationProperties Properties(string error, string description) => new(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    });
}
