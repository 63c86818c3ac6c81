using System.Security.Cryptography.X509Certificates;
using Jade.KeyRing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Deploy.Tests;

/// <summary>
/// The key material docs/operations/key-rotation.md makes with deploy/tools/KeyRing loads the way the services load it:
/// a Data Protection key folder a service reads without writing (every write fails, as on the read-only Secret volume),
/// certificates identity's TokenCertificates accepts; and the rotation schedule's reason: a key ring whose only key
/// nears expiry cannot work read-only.
/// </summary>
public sealed class KeyRingTests
{
    private DirectoryInfo _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("jade-keyring-");

    [TearDown]
    public void DeleteFolder() => _folder.Delete(recursive: true);

    [Test]
    public void A_made_key_protects_and_a_later_reader_of_the_folder_unprotects_without_writing()
    {
        var now = DateTimeOffset.UtcNow;
        var file = KeyMaterial.CreateDataProtectionKey(_folder, now.AddMinutes(-1), now.AddDays(180));

        string ciphertext;
        using (var first = Service("jade-risk"))
        {
            ciphertext = first.GetDataProtector("Jade.PersonalData.v1").Protect("4111 1111 1111 1111");
            Assert.That(first.GetRequiredService<IKeyManager>().GetAllKeys().Single().KeyId.ToString(), Is.EqualTo(file.Name[4..^4]));
        }
        using var second = Service("jade-risk");
        Assert.That(second.GetDataProtector("Jade.PersonalData.v1").Unprotect(ciphertext), Is.EqualTo("4111 1111 1111 1111"));
        Assert.That(_folder.GetFiles(), Has.Length.EqualTo(1), "nothing is written beside the mounted key");
    }

    [Test]
    public void A_rotated_in_key_becomes_the_default_only_once_active_and_old_data_still_reads()
    {
        var now = DateTimeOffset.UtcNow;
        KeyMaterial.CreateDataProtectionKey(_folder, now.AddDays(-100), now.AddDays(80));
        string old;
        using (var before = Service("jade-payments")) old = before.GetDataProtector("p").Protect("13800138000");

        var next = KeyMaterial.CreateDataProtectionKey(_folder, now.AddDays(3), now.AddDays(183));
        using (var during = Service("jade-payments"))
        {
            var ring = during.GetRequiredService<IKeyManager>().GetAllKeys();
            Assert.That(ring, Has.Count.EqualTo(2));
            Assert.That(during.GetDataProtector("p").Unprotect(old), Is.EqualTo("13800138000"));
            var current = during.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.Internal.IKeyRingProvider>().GetCurrentKeyRing();
            Assert.That(current.DefaultKeyId.ToString(), Is.Not.EqualTo(next.Name[4..^4]), "a key activating in 3 days is not used yet");
        }
        Assert.That(_folder.GetFiles(), Has.Length.EqualTo(2), "no key was generated beside the two made ones");
        Assert.That(next.Name, Does.StartWith("key-").And.EndWith(".xml"));
    }

    [TestCase("signing", X509KeyUsageFlags.DigitalSignature)]
    [TestCase("encryption", X509KeyUsageFlags.KeyEncipherment)]
    public void Token_certificates_load_like_identity_loads_them(string name, X509KeyUsageFlags usage)
    {
        var now = DateTimeOffset.UtcNow;
        var file = KeyMaterial.CreateTokenCertificate(_folder, name, now.AddMinutes(-5), now.AddDays(730));
        // Jade.Identity.Oidc.TokenCertificates: {name}-*.pfx, no password, ephemeral key set.
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(file.FullName, password: null, X509KeyStorageFlags.EphemeralKeySet);
        Assert.Multiple(() =>
        {
            Assert.That(file.Name, Is.EqualTo($"{name}-{now.AddMinutes(-5):yyyyMMdd}.pfx"));
            Assert.That(certificate.HasPrivateKey, Is.True);
            Assert.That(certificate.NotAfter, Is.GreaterThan(DateTime.Now.AddDays(1)));
            Assert.That(certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages, Is.EqualTo(usage));
        });
    }

    [Test]
    public void Blind_index_keys_and_passwords_meet_what_the_services_require()
    {
        Assert.That(Convert.FromBase64String(KeyMaterial.BlindIndexKey()), Has.Length.EqualTo(32));
        Assert.That(KeyMaterial.Password(32), Does.Match("^[A-Za-z0-9]{32}$"));
    }

    [Test]
    public void A_key_ring_whose_only_key_expires_within_two_days_fails_on_a_read_only_volume()
    {
        // Data Protection creates the next key itself two days before the default key expires; on a read-only Secret
        // volume that write fails and nothing can be protected: the outage key-rotation.md's schedule prevents.
        var now = DateTimeOffset.UtcNow;
        KeyMaterial.CreateDataProtectionKey(_folder, now.AddDays(-170), now.AddDays(1));
        using var service = Service("jade-gateway");
        Assert.Throws<System.Security.Cryptography.CryptographicException>(() => service.GetDataProtector("p").Protect("session"));
    }

    [Test]
    public void A_successor_key_made_in_time_keeps_a_read_only_key_ring_working_past_the_old_key()
    {
        var now = DateTimeOffset.UtcNow;
        var expiring = KeyMaterial.CreateDataProtectionKey(_folder, now.AddDays(-179), now.AddDays(1));
        // Data the expiring key protected (made on a writable copy, where the key is still the default).
        var writable = Directory.CreateTempSubdirectory("jade-keyring-writable-");
        expiring.CopyTo(Path.Combine(writable.FullName, expiring.Name));
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("jade-notifications").PersistKeysToFileSystem(writable);
        string old;
        using (var before = services.BuildServiceProvider()) old = before.GetDataProtector("p").Protect("+86 138 0013 8000");
        writable.Delete(recursive: true);
        var successor = KeyMaterial.CreateDataProtectionKey(_folder, now.AddDays(-1), now.AddDays(179));

        using var after = Service("jade-notifications");
        var protector = after.GetDataProtector("p");
        Assert.That(protector.Unprotect(protector.Protect("x")), Is.EqualTo("x"));
        Assert.That(protector.Unprotect(old), Is.EqualTo("+86 138 0013 8000"), "an expired key still decrypts what it protected");
        Assert.That(after.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.Internal.IKeyRingProvider>().GetCurrentKeyRing().DefaultKeyId.ToString(),
            Is.EqualTo(successor.Name[4..^4]));
    }

    /// <summary>
    /// Data Protection as the services configure it (PersistKeysToFileSystem on the mounted folder), except that the
    /// repository refuses every write, as the read-only Secret volume does: a test passes only if no write is attempted.
    /// </summary>
    private ServiceProvider Service(string applicationName)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName(applicationName);
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new ReadOnlyFolder(_folder));
        return services.BuildServiceProvider();
    }

    private sealed class ReadOnlyFolder(DirectoryInfo folder) : Microsoft.AspNetCore.DataProtection.Repositories.IXmlRepository
    {
        private readonly Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository _files = new(folder, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

        public IReadOnlyCollection<System.Xml.Linq.XElement> GetAllElements() => _files.GetAllElements();

        public void StoreElement(System.Xml.Linq.XElement element, string friendlyName) =>
            throw new UnauthorizedAccessException($"read-only file system: {friendlyName} not written");
    }
}

