using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.ServiceDefaults;

/// <summary>
/// Every service sits behind the gateway (and the gateway behind an ingress), so the connection's address is a proxy's.
/// X-Forwarded-For/Proto/Host are trusted from loopback and from <c>Gateway:TrustedProxies</c> (the pod network), walking
/// the chain back to the first address that is not a trusted proxy: that is the client, which audit records, risk
/// screening and per-address rate limits need. A client's own X-Forwarded-For entries sit before it and are ignored.
/// </summary>
public static class GatewayForwardedHeaders
{
    public const string TrustedProxiesSection = "Gateway:TrustedProxies";

    internal static IServiceCollection AddGatewayForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var trusted = configuration.GetSection(TrustedProxiesSection).Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.ForwardLimit = null;
            foreach (var network in trusted)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }
}
