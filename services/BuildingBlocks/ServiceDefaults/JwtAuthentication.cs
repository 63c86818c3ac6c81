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
    /// discovery document from identity directly instead of round-tripping through the edge.
    /// </remarks>
    public static IServiceCollection AddJadeJwtBearer(this IHostApplicationBuilder builder, string audience)
    {
        var identity = builder.Configuration.GetSection("Identity");
        var issuer = identity["Issuer"] ?? throw new InvalidOperationException("Identity:Issuer is not configured.");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.Authority = issuer;
                o.MetadataAddress = identity["MetadataAddress"] ?? new Uri(new Uri(issuer), ".well-known/openid-configuration").ToString();
                o.RequireHttpsMetadata = !builder.Environment.IsDevelopment() && o.MetadataAddress.StartsWith("https:", StringComparison.Ordinal);
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
