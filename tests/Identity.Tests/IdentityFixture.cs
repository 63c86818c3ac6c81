using System.Net.Http.Json;
using Jade.Testing;

namespace Jade.Identity.Tests;

/// <summary>One running identity service per test class, on its own database and vhost.</summary>
public abstract class IdentityFixture
{
    protected IdentityApp App { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartIdentityAsync()
    {
        App = new IdentityApp(await TestDatabase.CreateAsync("identity"), await TestVirtualHost.CreateAsync(), ConfigureApp);
        App.CreateClient().Dispose();
    }

    /// <summary>Lets a test class adjust the host (settings, extra services) before it starts.</summary>
    protected virtual void ConfigureApp(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
    }

    [OneTimeTearDown]
    public async Task StopIdentityAsync() => await App.DisposeAsync();

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
