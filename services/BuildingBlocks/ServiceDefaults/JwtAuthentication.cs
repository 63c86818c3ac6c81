using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Jade.ServiceDefaults;

public static class JwtAuthentication
{
    /// <summary>
    /// Validates bearer tokens issued by identity: signature from its discovery document, issuer (the gateway's
    /// public origin), lifetime, and that <paramref name="audience"/> is one of the token's audiences.
    /// </summary>
    /// <remarks>
    /// <c>Identity:Issuer</c> is the public issuer; <c>Identity:MetadataAddress</c> lets a service fetch the
    /// discovery document from identity directly instead of round-tripping through the edge. Then the discovery
    /// document and the signing keys (named on the public origin) are fetched from that address's origin, presenting
    /// the public origin to identity (<see cref="IdentityBackchannelHandler"/>): in a cluster the address is plain
    /// HTTP while the issuer is https, so HTTPS is required of the metadata only when the address itself is https.
    /// </remarks>
    public static IServiceCollection AddJadeJwtBearer(this IHostApplicationBuilder builder, string audience)
    {
        var identity = builder.Configuration.GetSection("Identity");
        var issuer = identity["Issuer"] ?? throw new InvalidOperationException("Identity:Issuer is not configured.");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.Authority = issuer;
                var metadataAddress = identity["MetadataAddress"];
                o.MetadataAddress = metadataAddress ?? new Uri(new Uri(issuer), ".well-known/openid-configuration").ToString();
                o.RequireHttpsMetadata = !builder.Environment.IsDevelopment() && o.MetadataAddress.StartsWith("https:", StringComparison.Ordinal);
                if (metadataAddress is not null)
                {
                    o.BackchannelHttpHandler = new IdentityBackchannelHandler(new Uri(issuer), new Uri(metadataAddress))
                    {
                        InnerHandler = new SocketsHttpHandler(),
                    };
                }
                o.MapInboundClaims = false;
                o.TokenHandlers.Clear();
                o.TokenHandlers.Add(new CachingTokenHandler(TimeProvider.System) { MapInboundClaims = false });
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = issuer,
                    ValidateIssuer = true,
                    ValidAudience = audience,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "sub",
                    RoleClaimType = "role",
                };
            });
        builder.Services.AddAuthorization();
        return builder.Services;
    }
}
