using System.Net.Http.Headers;
using System.Security.Claims;
using Jade.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Jade.Notifications.Tests;

/// <summary>
/// The notifications service on a fresh database and vhost, trusting tokens from <see cref="TestTokens"/>, with a Data
/// Protection key ring of its own; <paramref name="settings"/> are added to its configuration (e.g. <c>Webhooks:*</c>).
/// </summary>
public sealed class NotificationsApp(TestDatabase database, TestVirtualHost vhost, IReadOnlyDictionary<string, string>? settings = null)
    : ServiceTestApp<Program>("notifications", database, vhost)
{
    private readonly TestTokens _tokens = new();
    private readonly string _keys = Path.Combine(Path.GetTempPath(), $"jade-notifications-keys-{Guid.NewGuid():N}");

    public static async Task<NotificationsApp> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var app = new NotificationsApp(await TestDatabase.CreateAsync("notifications"), await TestVirtualHost.CreateAsync(), settings);
        await app.WaitUntilHealthyAsync();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Identity:Issuer", TestTokens.Issuer);
        builder.UseSetting("Notifications:KeysPath", _keys);
        // Sends are tried promptly and retried within a test's patience.
        builder.UseSetting("Notifications:Delivery:PollInterval", "00:00:00.200");
        builder.UseSetting("Notifications:Delivery:FirstBackoff", "00:00:00.300");
        builder.UseSetting("Notifications:Delivery:MaxAttempts", "3");
        builder.UseSetting("Notifications:Delivery:SendTimeout", "00:00:03");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(_tokens.TrustIn);
    }

    /// <summary>A partner bank's client-credentials token: subject = client id.</summary>
    public HttpClient PartnerClient(string clientId, string scope = "notifications.webhooks") =>
        ClientWith(_tokens.Create(clientId, "notifications", scope));

    /// <summary>A staff member signed in through the BFF: scope <c>notifications</c>, role <c>staff</c>.</summary>
    public HttpClient StaffClient(string subject = "staff-1") =>
        ClientWith(_tokens.Create(subject, "notifications", "notifications", extraClaims: [new Claim("role", "staff"), new Claim("email", "ops@jade.test")]));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_keys))
        {
            Directory.Delete(_keys, recursive: true);
        }
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

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
