using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Jade.Testing;

namespace Jade.Identity.Tests.Certificates;

/// <summary>
/// A certificate replaced the way docs/operations/key-rotation.md says: identity publishes the successor before it
/// uses it, and after a restart onto the successor, a signed-in customer's tokens from before keep working.
/// </summary>
public sealed class CertificateRolloverTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private DirectoryInfo _keys = null!;

    [SetUp]
    public void CreateFolder() => _keys = Directory.CreateTempSubdirectory("jade-identity-keys-");

    [TearDown]
    public void DeleteFolder() => _keys.Delete(recursive: true);

    [Test]
    public async Task A_successor_made_ahead_is_published_beside_the_current_certificate_which_keeps_signing()
    {
        using var current = TestCertificate.Write(_keys, "signing.pfx", X509KeyUsageFlags.DigitalSignature, Now.AddDays(-720), Now.AddDays(10));
        await using var app = Start(await TestDatabase.CreateAsync("identity"), await TestVirtualHost.CreateAsync());

        var published = await PublishedKeyIdsAsync(app);
        using var token = await OidcFlow.ClientCredentialsAsync(app, IdentityApp.IdentityClientId, IdentityApp.ServiceSecret, "identity");
        var signedWith = KeyId(OidcFlow.ParseTokens(await token.Content.ReadAsStringAsync()).AccessToken);

        var successor = _keys.GetFiles("signing-*.pfx").Single();
        using var made = X509CertificateLoader.LoadPkcs12FromFile(successor.FullName, null, X509KeyStorageFlags.EphemeralKeySet);
        Assert.Multiple(() =>
        {
            Assert.That(published, Is.EquivalentTo(new[] { current.Thumbprint, made.Thumbprint }));
            Assert.That(signedWith, Is.EqualTo(current.Thumbprint));
        });
        var expiry = (await MetricsScrape.FromAsync(app.CreateClient()))
            .Value("jade_identity_token_certificate_not_after_seconds", ("purpose", "signing"));
        Assert.That(expiry, Is.EqualTo(new DateTimeOffset(made.NotAfter.ToUniversalTime()).ToUnixTimeSeconds()));
    }

    [Test]
    public async Task After_a_restart_onto_successor_certificates_earlier_access_and_refresh_tokens_still_work()
    {
        using var oldSigning = TestCertificate.Write(_keys, "signing.pfx", X509KeyUsageFlags.DigitalSignature, Now.AddDays(-600), Now.AddDays(60));
        TestCertificate.Write(_keys, "encryption.pfx", X509KeyUsageFlags.KeyEncipherment, Now.AddDays(-600), Now.AddDays(60)).Dispose();
        var database = await TestDatabase.CreateAsync("identity");
        var virtualHost = await TestVirtualHost.CreateAsync();
        var email = $"u{Guid.NewGuid():N}@example.com";
        TokenSet before;
        await using (var first = Start(database, virtualHost, sharesInfrastructure: true))
        {
            await Register(first, email);
            before = await OidcFlow.SignInAsync(first, email, IdentityFixture.StrongPassword);
        }
        Assert.That(KeyId(before.AccessToken), Is.EqualTo(oldSigning.Thumbprint));

        // The operator's successors, valid from an hour ago: the restart switches to them.
        using var newSigning = TestCertificate.Write(_keys, "signing-next.pfx", X509KeyUsageFlags.DigitalSignature, Now.AddHours(-1), Now.AddDays(730));
        TestCertificate.Write(_keys, "encryption-next.pfx", X509KeyUsageFlags.KeyEncipherment, Now.AddHours(-1), Now.AddDays(730)).Dispose();
        await using var second = Start(database, virtualHost);

        using var api = second.NewApiClient();
        using var me = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Get, "/api/identity/me", before.AccessToken));
        using var refreshed = await api.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = before.RefreshToken!,
            ["client_id"] = IdentityApp.BffClientId,
            ["client_secret"] = IdentityApp.BffSecret,
        }));
        var refreshedBody = await refreshed.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK), "an access token signed with the old certificate");
            Assert.That(refreshed.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"a refresh token encrypted with the old certificate: {refreshedBody}");
        });
        Assert.That(KeyId(OidcFlow.ParseTokens(refreshedBody).AccessToken), Is.EqualTo(newSigning.Thumbprint));
        Assert.That(await PublishedKeyIdsAsync(second), Is.EquivalentTo(new[] { oldSigning.Thumbprint, newSigning.Thumbprint }));
    }

    private IdentityApp Start(TestDatabase database, TestVirtualHost virtualHost, bool sharesInfrastructure = false)
    {
        var app = new IdentityApp(database, virtualHost, b => b.UseSetting("Identity:KeysPath", _keys.FullName))
        {
            SharesInfrastructure = sharesInfrastructure,
        };
        app.CreateClient().Dispose();
        return app;
    }

    private static async Task Register(IdentityApp app, string email)
    {
        using var api = app.NewApiClient();
        using var response = await api.PostAsJsonAsync("/api/identity/registrations", new { email, password = IdentityFixture.StrongPassword });
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
    }

    private static async Task<string[]> PublishedKeyIdsAsync(IdentityApp app)
    {
        using var client = app.NewApiClient();
        using var jwks = JsonDocument.Parse(await client.GetStringAsync("/.well-known/jwks"));
        return [.. jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }

    private static string KeyId(string jwt)
    {
        var header = jwt.Split('.')[0];
        var padded = header.Replace('-', '+').Replace('_', '/').PadRight(header.Length + (4 - header.Length % 4) % 4, '=');
        using var json = JsonDocument.Parse(Convert.FromBase64String(padded));
        return json.RootElement.GetProperty("kid").GetString()!;
    }
}
