using System.Net.Http.Headers;
using System.Net.Http.Json;
using Jade.Risk.Sanctions;
using Jade.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Jade.Risk.Tests;

/// <summary>The risk service with the bundled OFAC list, trusting tokens from <see cref="TestTokens"/>. It has no
/// database or bus yet, so it runs straight on <see cref="WebApplicationFactory{TEntryPoint}"/>.</summary>
public sealed class RiskApp : WebApplicationFactory<Program>
{
    private readonly TestTokens _tokens = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Identity:Issuer", TestTokens.Issuer);
        builder.ConfigureTestServices(_tokens.TrustIn);
    }

    public string Token(string scope, string audience = "risk") => _tokens.Create("payments", audience, scope);

    /// <summary>A service client allowed to screen.</summary>
    public HttpClient Screener() => ClientWith(Token("risk.screen"));

    public HttpClient ClientWith(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

/// <summary>One app for the whole assembly: the list takes a moment to load and nothing here mutates it.</summary>
[SetUpFixture]
public sealed class RiskFixture
{
    public static RiskApp App { get; private set; } = null!;

    [OneTimeSetUp]
    public static void Start()
    {
        App = new RiskApp();
        using var _ = App.CreateClient();
    }

    [OneTimeTearDown]
    public static async Task StopAsync() => await App.DisposeAsync();
}

public static class ScreeningCalls
{
    public static async Task<ScreenResponse> ScreenAsync(this HttpClient client, object request)
    {
        var response = await client.PostAsJsonAsync("/api/risk/sanctions/screen", request);
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ScreenResponse>())!;
    }
}
