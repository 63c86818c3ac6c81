using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;

namespace Jade.Identity.Passkeys;

public enum PasskeyAnswer
{
    /// <summary>No such ceremony for this caller and purpose: unknown, expired or already answered.</summary>
    CeremonyGone,
    /// <summary>The handler refused the answer (signature, origin, challenge, counter, user verification).</summary>
    Refused,
    Verified,
}

/// <summary>
/// Checks a passkey's answer to a sign-in or step-up ceremony: spends the ceremony, lets ASP.NET Core Identity's
/// handler verify the assertion, and stores the passkey's new signature counter.
/// </summary>
public sealed class PasskeyAnswers(PasskeyCeremonies ceremonies, IPasskeyHandler<JadeUser> handler, UserManager<JadeUser> users,
    ILogger<PasskeyAnswers> logger)
{
    /// <returns>The outcome and, when verified, the passkey's user: the caller named in the ceremony, or for a sign-in whoever the passkey names.</returns>
    public async Task<(PasskeyAnswer Answer, JadeUser? User)> VerifyAsync(HttpContext http, Guid ceremonyId, Guid? callerId,
        string purpose, string credentialJson, CancellationToken ct)
    {
        var state = await ceremonies.TakeAsync(ceremonyId, callerId, purpose, ct);
        if (state is null)
        {
            return (PasskeyAnswer.CeremonyGone, null);
        }
        var result = await handler.PerformAssertionAsync(new PasskeyAssertionContext
        {
            CredentialJson = credentialJson,
            AssertionState = state,
            HttpContext = http,
        });
        if (!result.Succeeded)
        {
            logger.LogWarning("Passkey answer for {Purpose} refused: {Reason}", purpose, result.Failure.Message);
            return (PasskeyAnswer.Refused, null);
        }
        // The handler compared the signature counter with the stored one; keeping the new one lets the next use catch a
        // cloned authenticator. The answer is proven either way.
        (await users.AddOrUpdatePasskeyAsync(result.User, result.Passkey)).LogIfFailed(logger, "Storing a passkey use", result.User.Id);
        return (PasskeyAnswer.Verified, result.User);
    }
}
