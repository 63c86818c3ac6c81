using System.Security.Cryptography;
using Jade.Identity.Users;
using Jade.ServiceDefaults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Jade.Identity.StepUp;

/// <summary>A step-up token and what the customer is told about it.</summary>
public sealed record IssuedStepUpToken(string Token, string TokenId, DateTimeOffset ExpiresAt);

/// <summary>
/// Signs step-up tokens (<see cref="StepUpTokens"/>) with the OpenIddict server's current signing key and issuer, so a
/// resource service checks them with the keys of identity's discovery document. The audience and <c>typ</c> are the
/// step-up ones: OpenIddict's validation (which wants <c>at+jwt</c> and the <c>identity</c> audience) refuses them as
/// access tokens.
/// </summary>
internal sealed class StepUpTokenIssuer(IOptionsMonitor<OpenIddictServerOptions> server, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public IssuedStepUpToken Issue(JadeUser user, string purpose, string method)
    {
        var options = server.CurrentValue;
        var issuer = options.Issuer ?? throw new InvalidOperationException("The OpenIddict server has no issuer.");
        var signing = options.SigningCredentials.FirstOrDefault() ?? throw new InvalidOperationException("The OpenIddict server has no signing key.");
        // Whole seconds: the JWT carries NumericDate seconds, and expiresAt in the response must match exp exactly.
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var expires = now + StepUpTokens.Lifetime;
        var tokenId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            // AbsoluteUri is how OpenIddict writes iss into access tokens ("http://localhost/", with the slash).
            Issuer = issuer.AbsoluteUri,
            Audience = StepUpTokens.Audience,
            TokenType = StepUpTokens.TokenType,
            Claims = new Dictionary<string, object>
            {
                [Claims.Subject] = user.Id.ToString(),
                [StepUpTokens.PurposeClaim] = purpose,
                [StepUpTokens.MethodClaim] = new[] { method },
                [Claims.JwtId] = tokenId,
            },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = signing,
        });
        return new IssuedStepUpToken(token, tokenId, expires);
    }
}
