using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Jade.Identity.Oidc;

/// <summary>
/// When identity makes the next token certificate and how long it keeps an old one.
/// <list type="bullet">
/// <item><see cref="RenewBefore"/>: once no certificate outlives this margin, a successor is made (or, on a read-only
/// folder, asked for in the log and by the expiry gauge). An expired one is deleted there.</item>
/// <item><see cref="PublishAhead"/>: a successor made while a certificate is still valid starts that much later, so
/// every service has re-read the key set (at most every 12 hours) before a token signed with it arrives; OpenIddict
/// keeps using a valid certificate while its successor is not yet valid.</item>
/// <item><see cref="KeepAfterExpiry"/>: an expired certificate stays loaded that long, so tokens it signed or encrypted
/// (refresh tokens live up to 14 days) keep working through a restart.</item>
/// </list>
/// </summary>
internal sealed record CertificateRollover(TimeSpan Validity, TimeSpan RenewBefore, TimeSpan PublishAhead, TimeSpan KeepAfterExpiry)
{
    public static readonly CertificateRollover Default = new(
        Validity: TimeSpan.FromDays(730), RenewBefore: TimeSpan.FromDays(30), PublishAhead: TimeSpan.FromDays(2), KeepAfterExpiry: TimeSpan.FromDays(30));
}

/// <summary>Where the token certificates are, and whether identity may write there (make successors, delete expired ones).</summary>
internal sealed record CertificateFolder(string Path, bool Writable);

/// <summary>
/// identity's token signing or encryption certificates: every <c>{purpose}.pfx</c> and <c>{purpose}-*.pfx</c> in the
/// certificates folder, all of them published (signing) or tried (decryption); OpenIddict signs and encrypts with the
/// valid one that expires last. A writable folder gets its successor certificates made here; a read-only one (the
/// Kubernetes Secret, <c>Identity:MakeCertificates</c> false) gets them from the operator, and the <c>jade_identity_token_certificate_not_after_seconds</c>
/// gauge tells when that is due.
/// </summary>
internal static class TokenCertificates
{
    private static readonly Meter Meter = new("Jade.Identity");
    private static readonly Dictionary<string, DateTimeOffset> LatestExpiry = [];

    private static readonly ObservableGauge<long> NotAfter = Meter.CreateObservableGauge(
        "jade.identity.token_certificate.not_after", Measurements,
        unit: "s", description: "When the last-expiring loaded token certificate of each purpose expires (Unix time)");

    public static IReadOnlyList<X509Certificate2> Load(
        CertificateFolder certificates, string purpose, X509KeyUsageFlags usage, DateTimeOffset now, CertificateRollover rollover, ILogger logger)
    {
        var folder = certificates.Path;
        if (certificates.Writable) Directory.CreateDirectory(folder);
        else if (!Directory.Exists(folder)) throw new InvalidOperationException($"The token certificates folder {folder} does not exist.");
        var kept = new List<X509Certificate2>();
        foreach (var path in FilesOf(folder, purpose))
        {
            var certificate = Read(path);
            if (Utc(certificate.NotAfter) + rollover.KeepAfterExpiry <= now)
            {
                logger.LogInformation("Certificate {File} expired on {NotAfter:u} and is no longer loaded", Path.GetFileName(path), Utc(certificate.NotAfter));
                certificate.Dispose();
                if (certificates.Writable) File.Delete(path);
                continue;
            }
            kept.Add(certificate);
        }

        var current = kept.Where(c => IsValidAt(c, now)).MaxBy(c => c.NotAfter);
        if (!kept.Any(c => Utc(c.NotAfter) > now + rollover.RenewBefore))
        {
            if (certificates.Writable)
            {
                var notBefore = current is null ? now.AddMinutes(-5) : now + rollover.PublishAhead;
                var successor = Create(folder, purpose, usage, notBefore, notBefore + rollover.Validity, logger);
                kept.Add(successor);
                current ??= successor;
            }
            else if (current is not null)
            {
                logger.LogWarning(
                    "The {Purpose} certificate expires on {NotAfter:u} and {Folder} is read-only: add its successor to the secret store (docs/operations/key-rotation.md)",
                    purpose, Utc(current.NotAfter), folder);
            }
        }
        if (current is null)
        {
            throw new InvalidOperationException(
                $"No {purpose} certificate in {folder} is valid now ({kept.Count} loaded, none between its NotBefore and NotAfter), and identity makes none there (Identity:MakeCertificates is false). " +
                "Add one: docs/operations/key-rotation.md.");
        }
        lock (LatestExpiry) LatestExpiry[purpose] = kept.Max(c => Utc(c.NotAfter));
        return kept;
    }

    public static bool IsValidAt(X509Certificate2 certificate, DateTimeOffset now) =>
        Utc(certificate.NotBefore) <= now && now < Utc(certificate.NotAfter);

    private static DateTimeOffset Utc(DateTime local) => new(local.ToUniversalTime(), TimeSpan.Zero);

    private static IEnumerable<Measurement<long>> Measurements()
    {
        lock (LatestExpiry)
        {
            return [.. LatestExpiry.Select(e => new Measurement<long>(e.Value.ToUnixTimeSeconds(), new KeyValuePair<string, object?>("purpose", e.Key)))];
        }
    }

    private static IEnumerable<string> FilesOf(string folder, string purpose) =>
        Directory.EnumerateFiles(folder, $"{purpose}*.pfx")
            .Where(path => Path.GetFileName(path) is var name
                && (name == $"{purpose}.pfx" || name.StartsWith($"{purpose}-", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);

    private static X509Certificate2 Read(string path)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"{path} is not a PKCS#12 file without a password: {ex.Message}", ex);
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{path} holds no private key.");
        }
        return certificate;
    }

    private static X509Certificate2 Create(
        string folder, string purpose, X509KeyUsageFlags usage, DateTimeOffset notBefore, DateTimeOffset notAfter, ILogger logger)
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest($"CN=Jade Identity {purpose}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        using var created = request.CreateSelfSigned(notBefore, notAfter);
        var pfx = created.Export(X509ContentType.Pfx);
        // Named by start date: replicas sharing the folder that renew on the same day race for one name below.
        var path = Path.Combine(folder, $"{purpose}-{notBefore:yyyyMMdd}.pfx");
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, pfx);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another replica won the race: everyone uses its certificate.
            File.Delete(temp);
            return Read(path);
        }
        logger.LogInformation("Generated {Purpose} certificate {File}, valid from {NotBefore:u} to {NotAfter:u}", purpose, Path.GetFileName(path), notBefore, notAfter);
        return X509CertificateLoader.LoadPkcs12(pfx, password: null, X509KeyStorageFlags.EphemeralKeySet);
    }
}
