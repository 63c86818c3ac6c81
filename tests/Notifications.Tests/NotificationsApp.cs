using System.Net.Http.Headers;
using Jade.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Jade.Notifications.Tests;

/// <summary>The notifications service on a fresh database and vhost, trusting tokens from <see cref="TestTokens"/>.</summary>
public sealed class NotificationsApp(TestDatabase database, TestVirtualHost vhost)
    : ServiceTestApp<Program>("notifications", database, vhost)
{
    private readonly TestTokens _tokens = new();

    public static async Task<NotificationsApp> StartAsync()
    {
        var app = new NotificationsApp(await TestDatabase.CreateAsync("notifications"), await TestVirtualHost.CreateAsync());
        await app.WaitUntilHealthyAsync();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Identity:Issuer", TestTokens.Issuer);
        builder.ConfigureTestServices(_tokens.TrustIn);
    }

    public string Token(Guid userId, string audience = "notifications", string scope = "notifications", DateTime? expires = null,
        string issuer = TestTokens.Issuer) =>
        _tokens.Create(userId.ToString(), audience, scope, expires, issuer);

    public HttpClient ClientFor(Guid userId)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(userId));
        return client;
    }
}
