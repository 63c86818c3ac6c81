using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Jade.ServiceDefaults;

namespace Jade.Testing;

/// <summary>
/// Signs bearer tokens with a key of its own and hands that key to a service as its issuer's signing key, so tests
/// exercise the service's real validation rules (issuer, audience, lifetime, signature, scopes) without identity.
/// </summary>
public sealed class TestTokens
{
    public const string Issuer = "https://identity.jade.test/";
    private readonly RsaSecurityKey _signingKey = new(RSA.Create(2048)) { KeyId = "test-key" };

    /// <summary>Replaces the discovery-document lookup of the service's JWT bearer handler with this issuer.</summary>
    public void TrustIn(IServiceCollection services) =>
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            configuration.SigningKeys.Add(_signingKey);
            o.Configuration = configuration;
            o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
        });

    /// <summary>
    /// The issuer's public signing key as a JSON Web Key Set: what a service in its own process fetches, through
    /// <see cref="TestIssuer"/>, where an in-process one is handed the key by <see cref="TrustIn"/>.
    /// </summary>
    public string PublicKeySet()
    {
        var key = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_signingKey.Rsa.ExportParameters(includePrivateParameters: false)) { KeyId = _signingKey.KeyId });
        return JsonSerializer.Serialize(new { keys = new[] { new { kty = key.Kty, use = "sig", alg = SecurityAlgorithms.RsaSha256, kid = key.Kid, n = key.N, e = key.E } } });
    }

    public string Create(string subject, string audience, string scope, DateTime? expires = null, string issuer = Issuer,
        IEnumerable<Claim>? extraClaims = null)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(5);
        var claims = new List<Claim> { new("sub", subject), new("scope", scope) };
        claims.AddRange(extraClaims ?? []);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = expiry.AddMinutes(-10),
            IssuedAt = expiry.AddMinutes(-10),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(_signingKey, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>Any token this issuer's key signs, for tests that shape every other part of it themselves.</summary>
    public string Sign(SecurityTokenDescriptor descriptor)
    {
        descriptor.SigningCredentials = new SigningCredentials(_signingKey, SecurityAlgorithms.RsaSha256);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>A step-up token as identity issues it, signed with this issuer's key.</summary>
    public string CreateStepUp(string subject, string purpose, DateTime? expires = null, string? tokenId = null,
        string tokenType = StepUpTokens.TokenType, string audience = StepUpTokens.Audience)
    {
        var expiry = expires ?? DateTime.UtcNow.Add(StepUpTokens.Lifetime);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            TokenType = tokenType,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = subject,
                [StepUpTokens.PurposeClaim] = purpose,
                [StepUpTokens.MethodClaim] = new[] { "otp" },
                ["jti"] = tokenId ?? Guid.NewGuid().ToString("N"),
            },
            NotBefore = expiry.AddMinutes(-10),
            IssuedAt = expiry.AddMinutes(-10),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(_signingKey, SecurityAlgorithms.RsaSha256),
        });
    }
}
