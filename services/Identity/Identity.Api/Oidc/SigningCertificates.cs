using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Jade.Identity.Oidc;

/// <summary>
/// The token signing and encryption certificates. Generated once into the keys folder and loaded on every later
/// start, so tokens and refresh tokens survive restarts and replicas sharing the folder agree. An expired certificate
/// is replaced by a fresh one; the file is written with owner-only permissions.
/// </summary>
internal static class SigningCertificates
{
    public static X509Certificate2 LoadOrCreate(string folder, string name, X509KeyUsageFlags usage, ILogger logger)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.pfx");
        if (File.Exists(path))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.EphemeralKeySet);
            if (existing.NotAfter > DateTime.UtcNow.AddDays(1))
            {
                return existing;
            }
            logger.LogWarning("Certificate {Name} expired on {NotAfter}; generating a new one", name, existing.NotAfter);
            existing.Dispose();
            File.Delete(path);
        }

        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest($"CN=Jade Identity {name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(2));
        var pfx = created.Export(X509ContentType.Pfx);
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, pfx);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another replica sharing the folder won the race: everyone uses its certificate.
            File.Delete(temp);
            return X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.EphemeralKeySet);
        }
        logger.LogInformation("Generated certificate {Name} in the keys folder", name);
        return X509CertificateLoader.LoadPkcs12(pfx, password: null, X509KeyStorageFlags.EphemeralKeySet);
    }
}
