using Jade.Identity.Oidc;
using Microsoft.AspNetCore.Identity;

namespace Jade.Identity.Passkeys;

internal static class PasskeySetup
{
    /// <summary>
    /// Passkeys belong to the platform's public origin (the gateway, <c>Identity:Issuer</c>), not to the host name this
    /// service answers on behind it: the relying party id is the issuer's host and only the issuer's origin may run a
    /// ceremony (no cross-origin frames).
    /// </summary>
    public static IServiceCollection AddPasskeys(this IServiceCollection services, IConfiguration configuration)
    {
        var issuer = configuration.GetSection(OidcSettings.Section).Get<OidcSettings>()?.Issuer;
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var publicOrigin))
        {
            throw new InvalidOperationException("Identity:Issuer must be the platform's absolute public URL: passkeys are bound to it.");
        }
        var origin = publicOrigin.GetLeftPart(UriPartial.Authority);
        services.Configure<IdentityPasskeyOptions>(o =>
        {
            o.ServerDomain = publicOrigin.Host;
            o.ValidateOrigin = context => ValueTask.FromResult(
                !context.CrossOrigin && string.Equals(context.Origin, origin, StringComparison.OrdinalIgnoreCase));
            // Discoverable credentials let the login page ask "which passkey?" without an e-mail address first.
            o.ResidentKeyRequirement = "required";
            o.UserVerificationRequirement = "required";
        });
        services.Configure<PasskeySettings>(configuration.GetSection(PasskeySettings.Section));
        services.AddScoped<PasskeyCeremonies>();
        services.AddScoped<PasskeyAnswers>();
        return services;
    }
}

public sealed class PasskeySettings
{
    public const string Section = "Identity:Passkeys";

    public int MaxPerUser { get; set; } = 10;
}
