using Jade.Identity.Audit;
using Jade.Identity.Localization;
using Jade.Identity.TwoFactor;
using Microsoft.AspNetCore.Identity;

namespace Jade.Identity.Users;

internal static class IdentitySetup
{
    public const string CookieName = "jade.identity";
    public static readonly Version SchemaVersion = IdentitySchemaVersions.Version3;

    /// <summary>ASP.NET Core Identity: password policy, lockout (new users too), TOTP and the login cookie.</summary>
    public static IServiceCollection AddJadeIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        var maxFailedAttempts = configuration.GetValue("Identity:Lockout:MaxFailedAttempts", 5);
        services.AddIdentity<JadeUser, IdentityRole<Guid>>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireUppercase = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireDigit = true;
                o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = maxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.SignIn.RequireConfirmedAccount = false;
                // Version 3 adds passkeys (user_passkeys); the design-time factory builds its model with the same options.
                o.Stores.SchemaVersion = SchemaVersion;
                // Map claims to the OIDC names, so the cookie principal and tokens speak the same language.
                o.ClaimsIdentity.UserIdClaimType = OpenIddict.Abstractions.OpenIddictConstants.Claims.Subject;
                o.ClaimsIdentity.UserNameClaimType = OpenIddict.Abstractions.OpenIddictConstants.Claims.Name;
                o.ClaimsIdentity.RoleClaimType = OpenIddict.Abstractions.OpenIddictConstants.Claims.Role;
                o.ClaimsIdentity.EmailClaimType = OpenIddict.Abstractions.OpenIddictConstants.Claims.Email;
            })
            .AddEntityFrameworkStores<IdentityDb>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<SingleUseAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddErrorDescriber<LocalizedIdentityErrors>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/login";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        // A password change or a support reset renews the security stamp; checking it on every cookie request (only the
        // sign-in pages and /connect/authorize use the cookie) means another browser's cookie cannot fetch new tokens after it.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.AddScoped<SecurityAudit>();
        services.ConfigureExternalCookie(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return services;
    }
}
