using System.Text.Json;
using Jade.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Jade.Identity.Tests;

/// <summary>
/// The identity service in-process on a fresh database and RabbitMQ virtual host, migrated at start-up, with a BFF
/// client and two service clients (one per API audience) configured the way the runner does it.
/// </summary>
public sealed class IdentityApp(TestDatabase database, TestVirtualHost virtualHost, Action<IWebHostBuilder>? configure = null)
    : ServiceTestApp<Program>("identity", database, virtualHost)
{
    public const int MaxFailedAttempts = 3;
    public const string BffClientId = "jade-bff";
    public const string BffSecret = "bff-test-secret";
    public const string BffRedirectUri = "http://localhost:5000/signin-oidc";
    public const string IdentityClientId = "svc-identity";
    public const string NotificationsClientId = "svc-notifications";
    public const string ServiceSecret = "service-test-secret";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Identity:Issuer", "http://localhost/");
        builder.UseSetting("Identity:Lockout:MaxFailedAttempts", MaxFailedAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Clients:0 is the BFF from appsettings.json; its secret comes from the environment in real runs.
        builder.UseSetting("Identity:Clients:0:ClientSecret", BffSecret);
        // No gateway listens in these tests; a fixture that wants the back-channel logout points it at its own receiver.
        builder.UseSetting("Identity:Clients:0:BackchannelLogoutUri", "");
        AddServiceClient(builder, 1, IdentityClientId, "identity");
        AddServiceClient(builder, 2, NotificationsClientId, "notifications");
        configure?.Invoke(builder);
    }

    private static void AddServiceClient(IWebHostBuilder builder, int index, string clientId, string scope)
    {
        builder.UseSetting($"Identity:Clients:{index}:ClientId", clientId);
        builder.UseSetting($"Identity:Clients:{index}:ClientSecret", ServiceSecret);
        builder.UseSetting($"Identity:Clients:{index}:Type", "service");
        builder.UseSetting($"Identity:Clients:{index}:Scopes:0", scope);
    }

    public Browser NewBrowser() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public HttpClient NewApiClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public long CountRows(string table, string where = "true")
    {
        using var connection = Database.OpenAdminConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM identity.{table} WHERE {where}";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The payloads of identity's outbox messages of one contract type about <paramref name="userId"/>, oldest first.</summary>
    public List<JsonElement> OutboxPayloads(string typeName, string userId)
    {
        using var connection = Database.OpenAdminConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload::text FROM identity.outbox_messages WHERE type LIKE @t AND payload->>'userId' = @u ORDER BY id";
        command.Parameters.AddWithValue("t", $"Jade.Contracts.Identity.{typeName},%");
        command.Parameters.AddWithValue("u", userId);
        using var reader = command.ExecuteReader();
        var payloads = new List<JsonElement>();
        while (reader.Read())
        {
            payloads.Add(JsonDocument.Parse(reader.GetString(0)).RootElement.Clone());
        }
        return payloads;
    }
}
