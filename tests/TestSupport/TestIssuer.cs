using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jade.Testing;

/// <summary>
/// Identity's discovery document and signing keys for <see cref="TestTokens"/>, served on a loopback port, so a service
/// in its own process (<see cref="ServiceProcess"/>) validates test tokens exactly as it validates identity's: it fetches
/// the document from <c>Identity:MetadataAddress</c> and the keys it names, on the public issuer's origin, through the
/// same back channel a cluster uses.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestIssuer(WebApplication app, Uri address)
    {
        _app = app;
        Settings = new Dictionary<string, string>
        {
            ["Identity:Issuer"] = TestTokens.Issuer,
            ["Identity:MetadataAddress"] = new Uri(address, ".well-known/openid-configuration").ToString(),
        };
    }

    /// <summary>What a service process needs to trust this issuer.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public static async Task<TestIssuer> StartAsync(TestTokens tokens)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var document = $$"""{"issuer":"{{TestTokens.Issuer}}","jwks_uri":"{{new Uri(new Uri(TestTokens.Issuer), ".well-known/jwks")}}"}""";
        app.MapGet("/.well-known/openid-configuration", () => Results.Text(document, "application/json"));
        app.MapGet("/.well-known/jwks", () => Results.Text(tokens.PublicKeySet(), "application/json"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TestIssuer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
