using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.KeyRing;

internal static class KeyMaterial
{
    /// <summary>
    /// Adds one Data Protection key to the key ring in <paramref name="folder"/> (a key-&lt;id&gt;.xml file, written by
    /// ASP.NET Core's XmlKeyManager exactly as a service would), active from <paramref name="activation"/> until
    /// <paramref name="expiration"/>. Returns the new file.
    /// </summary>
    public static FileInfo CreateDataProtectionKey(DirectoryInfo folder, DateTimeOffset activation, DateTimeOffset expiration)
    {
        if (expiration <= activation) throw new ArgumentException("The key must expire after it activates.", nameof(expiration));
        folder.Create();
        var before = folder.GetFiles("*.xml").Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(folder).DisableAutomaticKeyGeneration();
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IKeyManager>().CreateNewKey(activation, expiration);
        return folder.GetFiles("*.xml").Single(f => !before.Contains(f.Name));
    }

    /// <summary>
    /// identity's token signing or encryption certificate as Jade.Identity.Oidc.TokenCertificates makes it: self-signed
    /// RSA 3072, SHA-256, the one key usage, a PKCS#12 file without password named <c>{name}-{notBefore:yyyyMMdd}.pfx</c>
    /// (identity loads every <c>{name}*.pfx</c> of its folder, so a successor sits beside the current one).
    /// </summary>
    public static FileInfo CreateTokenCertificate(DirectoryInfo folder, string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var usage = name switch
        {
            "signing" => X509KeyUsageFlags.DigitalSignature,
            "encryption" => X509KeyUsageFlags.KeyEncipherment,
            _ => throw new ArgumentException("The certificate is 'signing' or 'encryption'.", nameof(name)),
        };
        folder.Create();
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest($"CN=Jade Identity {name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        var file = new FileInfo(Path.Combine(folder.FullName, $"{name}-{notBefore:yyyyMMdd}.pfx"));
        File.WriteAllBytes(file.FullName, certificate.Export(X509ContentType.Pfx));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return file;
    }

    /// <summary>A blind-index key (Kyc__BlindIndexKey, Payments__PhoneIndexKey): 32 random bytes, base64.</summary>
    public static string BlindIndexKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A secret of letters and digits (database role passwords must match ^[A-Za-z0-9]{16,128}$).</summary>
    public static string Password(int length)
    {
        if (length is < 16 or > 128) throw new ArgumentOutOfRangeException(nameof(length), "16 to 128 characters.");
        return RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);
    }

    public static DateTimeOffset ParseDate(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
