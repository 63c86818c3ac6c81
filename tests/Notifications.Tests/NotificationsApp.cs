using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Jade.Testing;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Jade.Notifications.Tests;

/// <summary>
/// The notifications service on a fresh database and RabbitMQ vhost. Tokens are signed by a key this fixture owns
/// and handed to the service as its issuer's signing key, so the service's real validation rules are exercised.
/// </summary>
public sealed class NotificationsApp(TestDatabase database, TestVirtualHost vhost) : WebApplicationFactory<Program>
{
    public const string Issuer = "https://identity.jade.test/";
    private readonly RsaSecurityKey _signingKey = new(RSA.Create(2048)) { KeyId = "test-key" };

    public TestDatabase Database => database;
    public TestVirtualHost VirtualHost => vhost;

    public static async Task<NotificationsApp> StartAsync()
    {
        var app = new NotificationsApp(await TestDatabase.CreateAsync("notifications"), await TestVirtualHost.CreateAsync());
        // Healthy (not merely degraded) means migrated and the bus's queue bound: a message published earlier would find no queue.
        using var client = app.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync()).Contains("\"status\":\"Healthy\"", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The notifications service did not become ready.");
            }
            await Task.Delay(200);
        }
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("ConnectionStrings:notifications", database.ConnectionString("notifications"));
        builder.UseSetting("ConnectionStrings:rabbitmq", vhost.AmqpUri.ToString());
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Identity:Issuer", Issuer);
        builder.UseSetting("Outbox:PollInterval", "00:00:00.200");
        builder.ConfigureTestServices(services => services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            configuration.SigningKeys.Add(_signingKey);
            o.Configuration = configuration;
            o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
        }));
    }

    public string Token(Guid userId, string audience = "notifications", string scope = "notifications", DateTime? expires = null,
        string issuer = Issuer)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(5);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", userId.ToString()), new Claim("scope", scope)]),
            NotBefore = expiry.AddMinutes(-10),
            IssuedAt = expiry.AddMinutes(-10),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(_signingKey, SecurityAlgorithms.RsaSha256),
        });
    }

    public HttpClient ClientFor(Guid userId)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(userId));
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await vhost.DisposeAsync();
        await database.DisposeAsync();
    }
}
