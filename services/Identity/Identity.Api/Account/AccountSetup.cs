using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;

namespace Jade.Identity.Account;

internal static class AccountSetup
{
    /// <summary>The server-rendered login UI under <c>/account</c> (the only UI prefix the gateway forwards).</summary>
    public static IServiceCollection AddAccountPages(this IServiceCollection services)
    {
        services.AddRazorPages(o => o.RootDirectory = "/Account");
        // Emit Chinese text as characters, not as &#x...; entities: smaller pages, readable source, same safety.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        return services;
    }
}
