using System.Security.Cryptography.X509Certificates;
using Jade.Identity.Oidc;
using Jade.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jade.Identity.Tests.Certificates;

/// <summary>
/// Which token certificates identity loads from its folder, when it makes a successor, and what it refuses: the rules
/// that let a certificate be replaced without invalidating the tokens it signed or encrypted.
/// </summary>
public sealed class TokenCertificateTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private DirectoryInfo _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("jade-token-certificates-");

    [TearDown]
    public void DeleteFolder() => _folder.Delete(recursive: true);

    private IReadOnlyList<X509Certificate2> Load(bool writable = true, string purpose = "signing") =>
        TokenCertificates.Load(new CertificateFolder(_folder.FullName, writable), purpose, Usage(purpose), Now, CertificateRollover.Default, NullLogger.Instance);

    [Test]
    public void An_empty_folder_gets_a_certificate_valid_from_now_for_two_years_readable_only_by_its_owner()
    {
        var loaded = Load();

        var file = _folder.GetFiles().Single();
        Assert.Multiple(() =>
        {
            Assert.That(loaded, Has.Count.EqualTo(1));
            Assert.That(TokenCertificates.IsValidAt(loaded[0], Now), Is.True);
            Assert.That(loaded[0].NotAfter.ToUniversalTime(), Is.EqualTo(Now.UtcDateTime.AddDays(730)).Within(TimeSpan.FromMinutes(10)));
            Assert.That(loaded[0].Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages, Is.EqualTo(X509KeyUsageFlags.DigitalSignature));
            Assert.That(file.Name, Does.Match(@"^signing-\d{8}\.pfx$"));
            Assert.That(file.UnixFileMode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        });
    }

    [Test]
    public void A_certificate_within_30_days_of_expiry_gets_a_successor_published_two_days_ahead_and_the_next_start_makes_no_other()
    {
        using var old = TestCertificate.Write(_folder, "signing.pfx", X509KeyUsageFlags.DigitalSignature, Now.AddDays(-700), Now.AddDays(29));
        TestCertificate.Write(_folder, "encryption.pfx", X509KeyUsageFlags.KeyEncipherment, Now.AddDays(-700), Now.AddDays(29)).Dispose();

        var loaded = Load();
        var again = Load();

        var successor = loaded.Single(c => c.Thumbprint != old.Thumbprint);
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Select(c => c.Thumbprint), Does.Contain(old.Thumbprint));
            Assert.That(successor.NotBefore.ToUniversalTime(), Is.EqualTo(Now.UtcDateTime.AddDays(2)).Within(TimeSpan.FromSeconds(2)));
            Assert.That(TokenCertificates.IsValidAt(successor, Now), Is.False, "not used before every service has its key");
            Assert.That(again.Select(c => c.Thumbprint), Is.EquivalentTo(loaded.Select(c => c.Thumbprint)));
            Assert.That(_folder.GetFiles("signing*.pfx"), Has.Length.EqualTo(2));
            Assert.That(_folder.GetFiles("encryption*.pfx"), Has.Length.EqualTo(1), "loading signing certificates leaves the encryption ones alone");
        });
    }

    [Test]
    public void A_certificate_with_more_than_30_days_left_gets_no_successor()
    {
        using var current = TestCertificate.Write(_folder, "signing.pfx", X509KeyUsageFlags.DigitalSignature, Now.AddDays(-600), Now.AddDays(31));

        var loaded = Load();

        Assert.That(loaded.Select(c => c.Thumbprint), Is.EqualTo(new[] { current.Thumbprint }));
        Assert.That(_folder.GetFiles(), Has.Length.EqualTo(1));
    }

    [Test]
    public void An_expired_certificate_stays_loaded_for_30_days_and_is_then_deleted()
    {
        using var recent = TestCertificate.Write(_folder, "signing-recent.pfx", X509KeyUsageFlags.DigitalSignature, Now.AddDays(-730), Now.AddDays(-29));
        using var ancient = TestCertificate.Write(_folder, "signing-ancient.pfx", X509KeyUsageFlags.DigitalSignature, Now.AddDays(-760), Now.AddDays(-31));

        var loaded = Load();

        var made = loaded.Single(c => c.Thumbprint != recent.Thumbprint);
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Select(c => c.Thumbprint), Does.Contain(recent.Thumbprint).And.Not.Contain(ancient.Thumbprint));
            Assert.That(TokenCertificates.IsValidAt(made, Now), Is.True, "with none valid, the new one is valid at once");
            Assert.That(File.Exists(Path.Combine(_folder.FullName, "signing-ancient.pfx")), Is.False);
            Assert.That(File.Exists(Path.Combine(_folder.FullName, "signing-recent.pfx")), Is.True);
        });
    }

    [Test]
    public void A_read_only_folder_is_never_written_even_when_a_successor_is_due()
    {
        using var old = TestCertificate.Write(_folder, "signing.pfx", X509KeyUsageFlags.DigitalSignature, Now.AddDays(-700), Now.AddDays(10));
        using var ancient = TestCertificate.Write(_folder, "signing-ancient.pfx", X509KeyUsageFlags.DigitalSignature, Now.AddDays(-800), Now.AddDays(-70));
        var before = Snapshot();

        var loaded = Load(writable: false);

        Assert.That(loaded.Select(c => c.Thumbprint), Is.EqualTo(new[] { old.Thumbprint }));
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public void A_read_only_folder_with_no_certificate_valid_now_stops_the_start_naming_the_folder()
    {
        TestCertificate.Write(_folder, "signing.pfx", X509KeyUsageFlags.DigitalSignature, Now.AddDays(-731), Now.AddDays(-1)).Dispose();
        TestCertificate.Write(_folder, "signing-next.pfx", X509KeyUsageFlags.DigitalSignature, Now.AddDays(1), Now.AddDays(731)).Dispose();

        var refused = Assert.Throws<InvalidOperationException>(() => Load(writable: false));

        Assert.That(refused!.Message, Does.Contain(_folder.FullName).And.Contain("signing").And.Contain("valid now"));
    }

    [Test]
    public void A_file_that_is_not_a_certificate_stops_the_start_naming_the_file()
    {
        File.WriteAllText(Path.Combine(_folder.FullName, "signing-broken.pfx"), "not a certificate");

        var refused = Assert.Throws<InvalidOperationException>(() => Load());

        Assert.That(refused!.Message, Does.Contain("signing-broken.pfx"));
    }

    [Test]
    public void Files_of_other_names_are_not_certificates_of_the_purpose()
    {
        using var signing = TestCertificate.Write(_folder, "signing.pfx", X509KeyUsageFlags.DigitalSignature, Now.AddDays(-1), Now.AddDays(700));
        File.WriteAllText(Path.Combine(_folder.FullName, "signingkey.pfx"), "not one of them");
        File.WriteAllText(Path.Combine(_folder.FullName, "signing.pfx.bak"), "not one of them");

        Assert.That(Load().Select(c => c.Thumbprint), Is.EqualTo(new[] { signing.Thumbprint }));
    }

    private string[] Snapshot() => [.. _folder.GetFiles().Select(f => $"{f.Name} {f.Length} {f.LastWriteTimeUtc:O}").Order()];

    private static X509KeyUsageFlags Usage(string purpose) =>
        purpose == "signing" ? X509KeyUsageFlags.DigitalSignature : X509KeyUsageFlags.KeyEncipherment;
}
