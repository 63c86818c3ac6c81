using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Jade.ServiceDefaults;

/// <summary>
/// A step-up token is identity's short-lived, signed statement that the customer just proved a second factor (an
/// authenticator code) for one named purpose, such as resetting the payment PIN. It is signed with identity's token
/// keys, so a service checks it with the keys it already trusts — but its audience and type are its own, so it can never
/// pass as an access token, and an access token can never pass as one.
/// </summary>
public static class StepUpTokens
{
    public const string Audience = "jade-step-up";
    public const string TokenType = "jade-step-up+jwt";
    public const string PurposeClaim = "purpose";
    /// <summary>RFC 8176 authentication method reference: <c>otp</c> for an authenticator code, <c>hwk</c> for a passkey.</summary>
    public const string MethodClaim = "amr";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static class Purposes
    {
        public const string PaymentPinReset = "payment_pin_reset";
        public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { PaymentPinReset };
    }
}

/// <summary>What a valid step-up token proves. <paramref name="TokenId"/> lets the consumer refuse a second use.</summary>
public sealed record StepUpProof(string Subject, string Purpose, string Method, string TokenId, DateTimeOffset ExpiresAt);

/// <summary>
/// Checks step-up tokens against the same issuer and signing keys as the service's bearer tokens (the JWT bearer
/// handler's discovery configuration), plus the step-up audience, type, purpose and subject.
/// </summary>
public sealed class StepUpTokenValidator(IOptionsMonitor<JwtBearerOptions> bearer, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<StepUpProof?> ValidateAsync(string? token, string expectedSubject, string purpose, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 8192) return null;
        var options = bearer.Get(JwtBearerDefaults.AuthenticationScheme);
        var configuration = options.ConfigurationManager is { } manager ? await manager.GetConfigurationAsync(ct) : options.Configuration;
        if (configuration is null) return null;
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = options.TokenValidationParameters.ValidIssuer,
            ValidateIssuer = true,
            ValidAudience = StepUpTokens.Audience,
            ValidateAudience = true,
            ValidTypes = [StepUpTokens.TokenType],
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return expires is { } e && e > now.AddSeconds(-30) && (notBefore is not { } nb || nb <= now.AddSeconds(30));
            },
        };
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt) return null;
        if (jwt.Subject != expectedSubject) return null;
        if (!jwt.TryGetPayloadValue<string>(StepUpTokens.PurposeClaim, out var claimed) || claimed != purpose) return null;
        if (string.IsNullOrEmpty(jwt.Id)) return null;
        var method = jwt.TryGetPayloadValue<string[]>(StepUpTokens.MethodClaim, out var methods) && methods is [var first, ..]
            ? first
            : jwt.TryGetPayloadValue<string>(StepUpTokens.MethodClaim, out var single) ? single : "unknown";
        return new StepUpProof(jwt.Subject, claimed, method, jwt.Id, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
    }
}
