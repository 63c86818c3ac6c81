using Microsoft.AspNetCore.DataProtection;

namespace Jade.Notifications.Webhooks;

/// <summary>
/// Encrypts endpoint secrets at rest with the service's Data Protection key ring, under a purpose of their own, so a
/// database dump alone reveals no secret and no other protected value decrypts as one.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Jade.Notifications.WebhookSecret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string ciphertext) => _protector.Unprotect(ciphertext);

    /// <summary>The secrets that sign a request now: the current one, and the previous one during its overlap.</summary>
    public IReadOnlyList<string> SigningSecrets(WebhookEndpoint endpoint, DateTimeOffset now)
    {
        var secrets = new List<string> { Unprotect(endpoint.SecretCiphertext) };
        if (endpoint.PreviousSecretCiphertext is { Length: > 0 } previous && endpoint.PreviousSecretExpiresAt > now)
        {
            secrets.Add(Unprotect(previous));
        }
        return secrets;
    }
}
