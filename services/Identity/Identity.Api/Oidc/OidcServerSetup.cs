using System.Security.Cryptography.X509Certificates;
using Jade.Identity.Users;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Jade.Identity.Oidc;

internal static class OidcServerSetup
{
    public const string CustomerApiPolicy = "identity.customer";
    public const string SupportPolicy = "identity.support";
    public const string ApiScope = "identity";
    public const string ApiAudience = "identity";

    /// <summary>
    /// OpenIddict server (code + PKCE, refresh with rotation, client credentials; no implicit, no password grant),
    /// the validation handler that protects this service's own APIs, and persistent keys.
    /// </summary>
    public static IServiceCollection AddJadeOidcServer(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection(OidcSettings.Section).Get<OidcSettings>() ?? new OidcSettings();
        services.Configure<OidcSettings>(configuration.GetSection(OidcSettings.Section));
        if (!Uri.TryCreate(settings.Issuer, UriKind.Absolute, out var issuer))
        {
            throw new InvalidOperationException("Identity:Issuer must be the absolute public origin, e.g. http://localhost:5000/.");
        }
        var keysPath = ResolveKeysPath(settings, environment);
        services.AddSingleton(new IdentityKeyFolder(keysPath));

        services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(keysPath, "data-protection")))
            .SetApplicationName("jade-identity");

        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<IdentityDb>().ReplaceDefaultEntities<Guid>())
            .AddServer(o =>
            {
                o.SetIssuer(issuer);
                o.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/logout")
                    .SetUserInfoEndpointUris("connect/userinfo");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow();
                o.RegisterScopes([Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Roles, Scopes.OfflineAccess,
                    .. settings.Scopes.Select(s => s.Name)]);
                o.SetAccessTokenLifetime(settings.AccessTokenLifetime);
                // Resource services validate plain signed JWTs against the discovery document.
                o.DisableAccessTokenEncryption();
                // Clients learn that identity tells them of the sessions it ends, naming each (Sessions/BackchannelLogoutHandler).
                o.AddEventHandler<OpenIddictServerEvents.HandleConfigurationRequestContext>(handler => handler.UseInlineHandler(context =>
                {
                    context.Metadata["backchannel_logout_supported"] = true;
                    context.Metadata["backchannel_logout_session_supported"] = true;
                    return default;
                }));
                var aspNetCore = o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough();
                if (issuer.Scheme == Uri.UriSchemeHttp)
                {
                    // Local runs are plain HTTP end to end; in production TLS ends at the edge and the issuer is https.
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.AddAudiences(ApiAudience);
                o.UseAspNetCore();
            });

        var certificates = new CertificateFolder(
            string.IsNullOrWhiteSpace(settings.CertificatesPath) ? keysPath : Path.GetFullPath(settings.CertificatesPath), settings.MakeCertificates);
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(sp => new CertificateConfigurator(
            certificates, sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<CertificateConfigurator>>()));
        // Certificates load when the host starts: a missing or expired one stops the start, not the first sign-in.
        services.AddOptions<OpenIddictServerOptions>().ValidateOnStart();

        services.AddAuthorizationBuilder()
            .AddPolicy(CustomerApiPolicy, p => p
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(ctx => HasScope(ctx.User, ApiScope)))
            .AddPolicy(SupportPolicy, p => p
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(ctx => HasScope(ctx.User, ApiScope))
                .RequireRole(Roles.SupportAgent));
        services.AddScoped<OidcPrincipalFactory>();
        services.AddHostedService<OidcRegistrationHostedService>();
        services.AddScoped<OidcConfigurationRegistrar>();
        return services;
    }

    /// <summary>OpenIddict keeps scopes as private <c>oi_scp</c> claims; a JWT carries them space-separated in <c>scope</c>.</summary>
    public static bool HasScope(System.Security.Claims.ClaimsPrincipal user, string scope) =>
        user.FindAll(Claims.Private.Scope).Any(c => c.Value == scope)
        || user.FindAll(Claims.Scope).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Contains(scope, StringComparer.Ordinal);

    private static string ResolveKeysPath(OidcSettings settings, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(settings.KeysPath))
        {
            return Path.GetFullPath(settings.KeysPath);
        }
        if (environment.IsEnvironment("Testing"))
        {
            return Path.Combine(Path.GetTempPath(), "jade-identity-tests", Guid.NewGuid().ToString("N"));
        }
        throw new InvalidOperationException("Identity:KeysPath is required: token keys must persist across restarts.");
    }

    /// <summary>Every loaded certificate is published (signing) or tried (decryption); OpenIddict orders them itself.</summary>
    private sealed class CertificateConfigurator(CertificateFolder folder, TimeProvider time, ILogger logger) : IConfigureOptions<OpenIddictServerOptions>
    {
        public void Configure(OpenIddictServerOptions options)
        {
            var now = time.GetUtcNow();
            foreach (var signing in TokenCertificates.Load(folder, "signing", X509KeyUsageFlags.DigitalSignature, now, CertificateRollover.Default, logger))
            {
                options.SigningCredentials.Add(new SigningCredentials(new X509SecurityKey(signing), SecurityAlgorithms.RsaSha256));
            }
            foreach (var encryption in TokenCertificates.Load(folder, "encryption", X509KeyUsageFlags.KeyEncipherment, now, CertificateRollover.Default, logger))
            {
                options.EncryptionCredentials.Add(new EncryptingCredentials(
                    new X509SecurityKey(encryption), SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
            }
        }
    }
}

/// <summary>The resolved <c>Identity:KeysPath</c>: where persistent key material of this service lives.</summary>
internal sealed record IdentityKeyFolder(string Path);
