using System.Globalization;
using Jade.Identity.Users;
using Microsoft.AspNetCore.Localization;

namespace Jade.Identity.Localization;

internal static class LocalizationSetup
{
    public const string SwitchPath = "/account/culture";

    /// <summary>
    /// zh-CN unless the <c>.AspNetCore.Culture</c> cookie (written by the SPA or the switch link) says otherwise.
    /// Accept-Language is deliberately ignored so that the default is the same in every browser.
    /// </summary>
    public static IServiceCollection AddJadeLocalization(this IServiceCollection services) =>
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Languages.Supported.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture(Languages.Default);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });

    /// <summary>The language switch link: stores the choice in the shared culture cookie and goes back.</summary>
    public static void MapCultureSwitch(this WebApplication app) =>
        app.MapGet(SwitchPath, (HttpContext http, string? culture, string? returnUrl) =>
        {
            var chosen = Languages.IsSupported(culture) ? culture! : Languages.Default;
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Path = "/", MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, IsEssential = true });
            var target = !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
                && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/account/login";
            return Results.LocalRedirect(target);
        }).AllowAnonymous().ExcludeFromDescription();
}
