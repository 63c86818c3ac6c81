using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace Jade.Identity.TwoFactor;

/// <summary>
/// TOTP check (RFC 6238, 6 digits, 30 s, one step of clock drift either way) that accepts each code only once: the
/// last accepted time step is stored with the user, and a code from that step or an earlier one is refused. The
/// framework's provider accepts the same code again for as long as it is valid, so an observed code could be replayed.
/// </summary>
internal sealed class SingleUseAuthenticatorTokenProvider(TimeProvider time) : AuthenticatorTokenProvider<JadeUser>
{
    private const string LoginProvider = "Jade";
    private const string LastStepToken = "AuthenticatorLastStep";

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<JadeUser> manager, JadeUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || token.Length != 6 || !token.All(char.IsAsciiDigit))
        {
            return false;
        }
        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(time.GetUtcNow().UtcDateTime, token, out var step, new VerificationWindow(previous: 1, future: 1)))
        {
            return false;
        }
        var last = await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastStepToken);
        if (long.TryParse(last, System.Globalization.CultureInfo.InvariantCulture, out var lastStep) && step <= lastStep)
        {
            return false;
        }
        var stored = await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastStepToken,
            step.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return stored.Succeeded;
    }
}
