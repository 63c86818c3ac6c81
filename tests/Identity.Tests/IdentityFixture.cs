using System.Net.Http.Json;
using Jade.Testing;

namespace Jade.Identity.Tests;

/// <summary>One running identity service per test class, on its own database and vhost.</summary>
public abstract class IdentityFixture
{
    private TestDatabase _database = null!;
    private TestVirtualHost _virtualHost = null!;

    protected IdentityApp App { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartIdentityAsync()
    {
        _database = await TestDatabase.CreateAsync("identity");
        _virtualHost = await TestVirtualHost.CreateAsync();
        App = new IdentityApp(_database, _virtualHost);
        App.CreateClient().Dispose();
    }

    [OneTimeTearDown]
    public async Task StopIdentityAsync()
    {
        await App.DisposeAsync();
        await _virtualHost.DisposeAsync();
        await _database.DisposeAsync();
    }

    protected static string UniqueEmail() => $"u{Guid.NewGuid():N}@example.com";

    public const string StrongPassword = "Correct-Horse7Battery";

    protected async Task<string> RegisterAsync(string email, string password = StrongPassword)
    {
        using var api = App.NewApiClient();
        using var response = await api.PostAsJsonAsync("/api/identity/registrations", new { email, password });
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return email;
    }
}
