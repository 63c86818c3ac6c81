using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Jade.Notifications.Webhooks;

/// <summary>
/// Standard Webhooks signing: <c>webhook-signature</c> holds space-separated <c>v1,&lt;base64 HMAC-SHA256&gt;</c> values
/// over <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed with the base64-decoded part of a <c>whsec_</c> secret.
/// </summary>
public static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    private const int SecretBytes = 32;

    /// <summary>A fresh secret: <c>whsec_</c> and 32 random bytes in base64.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>One <c>v1,…</c> signature.</summary>
    public static string Sign(string secret, string webhookId, long timestamp, ReadOnlySpan<byte> body)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException("A webhook secret starts with whsec_.", nameof(secret));
        }
        var key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
        var prefix = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp.ToString(CultureInfo.InvariantCulture)}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>The header value: one signature per secret, current secret first.</summary>
    public static string SignatureHeaderValue(IEnumerable<string> secrets, string webhookId, long timestamp, ReadOnlySpan<byte> body)
    {
        var signatures = new List<string>();
        foreach (var secret in secrets)
        {
            signatures.Add(Sign(secret, webhookId, timestamp, body));
        }
        return string.Join(' ', signatures);
    }
}
