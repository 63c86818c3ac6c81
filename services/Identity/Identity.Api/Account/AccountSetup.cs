using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.HttpOverrides;
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

    /// <summary>
    /// The service sits behind the gateway: trust X-Forwarded-For/Proto/Host from loopback (the default known proxies)
    /// and from <c>Identity:TrustedProxies</c>, so redirects and issued URLs use the public origin.
    /// </summary>
    public static IServiceCollection AddGatewayForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var trusted = configuration.GetSection("Identity:TrustedProxies").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var network in trusted)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }
}
