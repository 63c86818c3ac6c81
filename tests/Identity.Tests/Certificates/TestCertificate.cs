using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Jade.Identity.Tests.Certificates;

/// <summary>Token certificates with chosen dates, written where identity looks for them (PKCS#12, no password).</summary>
internal static class TestCertificate
{
    public static X509Certificate2 Write(DirectoryInfo folder, string fileName, X509KeyUsageFlags usage, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        // 2048 bits keeps the tests quick; identity makes 3072-bit ones and accepts either.
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Jade Identity test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        using var created = request.CreateSelfSigned(notBefore, notAfter);
        var pfx = created.Export(X509ContentType.Pfx);
        File.WriteAllBytes(Path.Combine(folder.FullName, fileName), pfx);
        return X509CertificateLoader.LoadPkcs12(pfx, password: null, X509KeyStorageFlags.EphemeralKeySet);
    }
}
