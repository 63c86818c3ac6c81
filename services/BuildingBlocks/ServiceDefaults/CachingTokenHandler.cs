using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Jade.ServiceDefaults;

/// <summary>
/// Remembers tokens it validated, until they expire, so a caller reusing one access token (a service client, or the
/// BFF for a signed-in user) is verified once rather than on every request: the RSA signature check and claim parsing
/// were the largest share of a cheap request's CPU. Only successes are remembered, keyed by the whole token string
/// (so any change is a different token that gets fully validated), never past the token's own expiry, and each hit
/// gets its own copy of the identity so no request can change another's.
/// </summary>
public sealed class CachingTokenHandler(TimeProvider time, int capacity = 10_000) : JsonWebTokenHandler
{
    private readonly ConcurrentDictionary<string, (TokenValidationResult Result, DateTimeOffset ValidTo)> _validated = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow();
        if (_validated.TryGetValue(token, out var hit))
        {
            if (hit.ValidTo > now) return Copy(hit.Result);
            _validated.TryRemove(token, out _);
        }
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { ValidTo: var validTo } && validTo > now.UtcDateTime)
        {
            // A full cache means unusual traffic; starting over is simpler and safer than an eviction policy.
            if (_validated.Count >= capacity) _validated.Clear();
            _validated[token] = (Copy(result), new DateTimeOffset(validTo, TimeSpan.Zero));
        }
        return result;
    }

    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        SecurityToken = result.SecurityToken,
        Issuer = result.Issuer,
        TokenType = result.TokenType,
        TokenContext = result.TokenContext,
    };
}
