extern alias identity;
extern alias notifications;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Testing;
using NotificationPage = notifications::Jade.Notifications.Inbox.NotificationPage;

namespace Jade.Messaging.Dapr.Tests.EndToEnd;

/// <summary>
/// The foundation's flow on the Dapr adapter: identity and notifications hosted in process with
/// <c>Messaging:Transport=dapr</c>, their sidecars and the broker played by a <see cref="SidecarMesh"/>.
/// </summary>
public sealed class RegistrationWelcomeTests
{
    private const string IdentityToken = "identity-app-token";
    private const string NotificationsToken = "notifications-app-token";

    private readonly TestTokens _tokens = new();
    private TestDatabase _database = null!;
    private SidecarMesh _mesh = null!;
    private DaprServiceApp<identity::Program> _identity = null!;
    private DaprServiceApp<notifications::Program> _notifications = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync("identity", "notifications");
        _mesh = await SidecarMesh.StartAsync();
        _identity = new DaprServiceApp<identity::Program>("identity", _database, "Identity:KeysPath",
            new Dictionary<string, string?>(_mesh.SettingsFor(IdentityToken)) { ["Identity:Issuer"] = "http://localhost/" })
        {
            SharesInfrastructure = true,
        };
        _notifications = new DaprServiceApp<notifications::Program>("notifications", _database, "Notifications:KeysPath",
            new Dictionary<string, string?>(_mesh.SettingsFor(NotificationsToken)) { ["Identity:Issuer"] = TestTokens.Issuer },
            _tokens.TrustIn)
        {
            SharesInfrastructure = true,
        };
        // Healthy, not merely Degraded: migrated, and each sees its sidecar.
        await Task.WhenAll(_identity.WaitUntilHealthyAsync(), _notifications.WaitUntilHealthyAsync());
        await _mesh.AttachAsync("identity", _identity.CreateClient(), IdentityToken);
        await _mesh.AttachAsync("notifications", _notifications.CreateClient(), NotificationsToken);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _identity.DisposeAsync();
        await _notifications.DisposeAsync();
        await _mesh.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task A_registered_customer_finds_one_welcome_message_even_when_the_event_is_delivered_again()
    {
        using var api = _identity.CreateClient();
        using var registered = await api.PostAsJsonAsync("/api/identity/registrations",
            new { email = $"u{Guid.NewGuid():N}@example.com", password = "Correct-Horse7Battery", language = "en" });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
        var userId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var page = await InboxAsync(userId, p => p.Total > 0);
        // The answer is recorded once the response is read, a moment after the handler's commit made the message visible.
        var delivery = (await Eventually.WaitForAsync(
            () => Task.FromResult(_mesh.Deliveries.Where(d => d.AppId == "notifications" && d.Topic == "user-registered").ToList()),
            d => d.Count > 0, TimeSpan.FromSeconds(5))).Single();
        var redelivery = await _mesh.RedeliverAsync(delivery);
        var afterRedelivery = await InboxAsync(userId, _ => true);

        Assert.Multiple(async () =>
        {
            Assert.That(page.Items.Select(n => n.Kind), Is.EqualTo(new[] { "welcome" }), string.Join("\n", _mesh.Deliveries));
            Assert.That(page.Items[0].Title["en"], Is.EqualTo("Welcome to Jade"));
            Assert.That(delivery.Route, Is.EqualTo("/dapr/events/user-registered"));
            Assert.That(delivery.Answer, Does.Contain("SUCCESS"));
            Assert.That(delivery.EventId, Is.EqualTo(await OutboxIdOfAsync(userId)), "the CloudEvent id is identity's outbox message id");
            Assert.That(redelivery.Answer, Does.Contain("SUCCESS"), "a redelivery is acknowledged");
            Assert.That(afterRedelivery.Total, Is.EqualTo(1), "and changes nothing");
        });
    }

    private async Task<NotificationPage> InboxAsync(Guid userId, Func<NotificationPage, bool> until)
    {
        using var client = _notifications.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.Create(userId.ToString(), "notifications", "notifications"));
        return await Eventually.WaitForAsync(
            async () => (await client.GetFromJsonAsync<NotificationPage>("/api/notifications"))!, until, TimeSpan.FromSeconds(30));
    }

    private async Task<string> OutboxIdOfAsync(Guid userId)
    {
        await using var connection = _database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM identity.outbox_messages WHERE type LIKE 'Jade.Contracts.Identity.UserRegistered,%' AND payload->>'userId' = @u";
        command.Parameters.AddWithValue("u", userId.ToString());
        return ((Guid)(await command.ExecuteScalarAsync())!).ToString();
    }
}
