using System.Security.Claims;
using System.Security.Cryptography;
using Jade.ServiceDefaults;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Jade.BuildingBlocks.Tests;

public sealed class CachingTokenHandlerTests
{
    private static readonly RsaSecurityKey Key = new(RSA.Create(2048));

    private static TokenValidationParameters Parameters => new()
    {
        ValidIssuer = "https://issuer.test/", ValidAudience = "risk", IssuerSigningKey = Key, ClockSkew = TimeSpan.Zero,
    };

    private static string Token(TimeSpan lifetime, SecurityKey? key = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "https://issuer.test/",
        Audience = "risk",
        Subject = new ClaimsIdentity([new Claim("sub", "payments"), new Claim("scope", "risk.screen")]),
        NotBefore = DateTime.UtcNow.AddMinutes(-1),
        IssuedAt = DateTime.UtcNow.AddMinutes(-1),
        Expires = DateTime.UtcNow + lifetime,
        SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.RsaSha256),
    });

    [Test]
    public async Task A_repeated_token_is_accepted_with_its_own_copy_of_the_identity()
    {
        var handler = new CachingTokenHandler(TimeProvider.System) { MapInboundClaims = false };
        var token = Token(TimeSpan.FromMinutes(5));
        var first = await handler.ValidateTokenAsync(token, Parameters);
        first.ClaimsIdentity.AddClaim(new Claim("role", "added-by-a-request"));
        var second = await handler.ValidateTokenAsync(token, Parameters);

        Assert.Multiple(() =>
        {
            Assert.That(second.IsValid, Is.True);
            Assert.That(second.ClaimsIdentity.FindFirst("sub")?.Value, Is.EqualTo("payments"));
            Assert.That(second.ClaimsIdentity.HasClaim("role", "added-by-a-request"), Is.False);
        });
    }

    [Test]
    public async Task A_token_signed_by_someone_else_is_refused_every_time()
    {
        var handler = new CachingTokenHandler(TimeProvider.System);
        var forged = Token(TimeSpan.FromMinutes(5), new RsaSecurityKey(RSA.Create(2048)));
        Assert.That((await handler.ValidateTokenAsync(forged, Parameters)).IsValid, Is.False);
        Assert.That((await handler.ValidateTokenAsync(forged, Parameters)).IsValid, Is.False);
    }

    [Test]
    public async Task A_remembered_token_stops_being_accepted_when_it_expires()
    {
        var handler = new CachingTokenHandler(TimeProvider.System);
        // Long enough that a cold first validation (JIT, RSA) on a busy machine still finds it valid; exp is whole seconds.
        var token = Token(TimeSpan.FromSeconds(5));
        Assert.That((await handler.ValidateTokenAsync(token, Parameters)).IsValid, Is.True);
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.That((await handler.ValidateTokenAsync(token, Parameters)).IsValid, Is.False);
    }
}
