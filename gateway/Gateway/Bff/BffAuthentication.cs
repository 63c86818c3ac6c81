using Jade.Gateway.Bff.Sessions;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Jade.Gateway.Bff;

public static class BffAuthentication
{
    /// <summary>
    /// The browser session: an HttpOnly cookie holding only a protected session key, the ticket (with the tokens)
    /// in the gateway's database, OpenID Connect code + PKCE against identity to open it.
    /// </summary>
    public static IHostApplicationBuilder AddBffSession(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(BffOptions.Section);
        var bff = section.Get<BffOptions>() ?? new BffOptions();
        if (string.IsNullOrWhiteSpace(bff.ClientSecret) || string.IsNullOrWhiteSpace(bff.Authority) || string.IsNullOrWhiteSpace(bff.MetadataAddress))
        {
            throw new InvalidOperationException("Bff:Authority, Bff:MetadataAddress and Bff:ClientSecret (env Bff__ClientSecret) must be configured.");
        }

        builder.AddPersistedDataProtection();
        builder.Services.AddSingleton<ITicketStore, PostgresTicketStore>();
        builder.Services.AddHostedService<ExpiredSessionSweeper>();
        builder.Services.Configure<BffOptions>(section);
        builder.Services.AddSingleton<LiveConnections>();
        builder.Services.AddHostedService<LiveConnectionSweeper>();
        builder.Services.AddSingleton<TokenRefresher>();

        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = BffDefaults.CookieScheme;
                o.DefaultChallengeScheme = BffDefaults.OidcScheme;
            })
            .AddCookie(BffDefaults.CookieScheme, o => ConfigureCookie(o, bff))
            .AddOpenIdConnect(BffDefaults.OidcScheme, o => ConfigureOidc(o, bff));

        // The store and the cookie format need DI services, which the AddCookie lambda cannot reach.
        builder.Services.AddOptions<CookieAuthenticationOptions>(BffDefaults.CookieScheme)
            .Configure<ITicketStore, IDataProtectionProvider>((o, store, protection) =>
            {
                o.SessionStore = store;
                o.TicketDataFormat = new SessionKeyTicketFormat(protection.CreateProtector("Jade.Gateway.SessionCookie.v1"), BffDefaults.CookieScheme);
            });
        return builder;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions o, BffOptions bff)
    {
        o.Cookie = new SessionCookieBuilder
        {
            Name = BffDefaults.SessionCookieName,
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            SecurePolicy = CookieSecurePolicy.Always,
            IsEssential = true,
        };
        o.ExpireTimeSpan = bff.SessionLifetime;
        o.SlidingExpiration = true;
        o.Events.OnValidatePrincipal = ctx => ctx.HttpContext.RequestServices.GetRequiredService<TokenRefresher>().RefreshIfExpiringAsync(ctx);
        // The SPA calls with fetch: a redirect to a login page would be useless to it, a status code is not.
        o.Events.OnRedirectToLogin = ctx => SetStatus(ctx.Response, StatusCodes.Status401Unauthorized);
        o.Events.OnRedirectToAccessDenied = ctx => SetStatus(ctx.Response, StatusCodes.Status403Forbidden);
    }

    private static void ConfigureOidc(OpenIdConnectOptions o, BffOptions bff)
    {
        o.Authority = bff.Authority;
        o.MetadataAddress = bff.MetadataAddress;
        o.RequireHttpsMetadata = bff.RequireHttpsMetadata;
        o.ClientId = bff.ClientId;
        o.ClientSecret = bff.ClientSecret;
        o.ResponseType = "code";
        o.ResponseMode = "query";
        o.UsePkce = true;
        o.Scope.Clear();
        foreach (var scope in bff.Scopes)
        {
            o.Scope.Add(scope);
        }
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        o.SaveTokens = true;
        o.SignInScheme = BffDefaults.CookieScheme;
        o.SignedOutRedirectUri = "/";
        o.TokenValidationParameters.NameClaimType = "name";
        o.TokenValidationParameters.RoleClaimType = "role";
        // The callback is a top-level GET navigation from identity (same site), so Lax cookies come along.
        foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        }
        // Back-channel calls (discovery, keys, token endpoint) go straight to identity instead of through the public
        // origin, where they would share one rate-limit partition and make the gateway depend on itself; they present
        // the public origin, so an https issuer answers the in-cluster HTTP call with its public endpoints.
        o.BackchannelHttpHandler = new IdentityBackchannelHandler(new Uri(bff.Authority), new Uri(bff.MetadataAddress))
        {
            InnerHandler = new SocketsHttpHandler(),
        };
        o.Events.OnRedirectToIdentityProvider = ctx =>
        {
            if (ctx.Properties.Items.TryGetValue(BffDefaults.RegisterItem, out var register) && register == "true")
            {
                ctx.ProtocolMessage.SetParameter("register", "true");
            }
            return Task.CompletedTask;
        };
    }

    private static Task SetStatus(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
