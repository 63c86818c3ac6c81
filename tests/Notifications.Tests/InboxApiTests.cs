using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Jade.Notifications.Inbox;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Notifications.Tests;

public sealed class InboxApiTests
{
    private NotificationsApp _app = null!;
    private readonly Guid _alice = Guid.CreateVersion7();
    private readonly Guid _bob = Guid.CreateVersion7();

    [OneTimeSetUp]
    public async Task StartAsync() => _app = await NotificationsApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _app.DisposeAsync();

    [Test]
    public async Task A_customer_cannot_read_or_mark_another_customers_message()
    {
        var alicesMessage = await SeedAsync(_alice, count: 1);
        using var bob = _app.ClientFor(_bob);

        using var read = await bob.GetAsync($"/api/notifications/{alicesMessage[0]}");
        using var mark = await bob.PostAsync($"/api/notifications/{alicesMessage[0]}/read", null);
        var bobsInbox = await bob.GetFromJsonAsync<NotificationPage>("/api/notifications");

        Assert.Multiple(() =>
        {
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(mark.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(bobsInbox!.Items.Select(i => i.Id), Does.Not.Contain(alicesMessage[0]));
        });
        using var alice = _app.ClientFor(_alice);
        var stillUnread = await alice.GetFromJsonAsync<NotificationView>($"/api/notifications/{alicesMessage[0]}");
        Assert.That(stillUnread!.ReadAt, Is.Null);
    }

    [Test]
    public async Task Pages_are_newest_first_and_count_unread()
    {
        var carol = Guid.CreateVersion7();
        var ids = await SeedAsync(carol, count: 5);
        using var client = _app.ClientFor(carol);

        (await client.PostAsync($"/api/notifications/{ids[0]}/read", null)).EnsureSuccessStatusCode();
        (await client.PostAsync($"/api/notifications/{ids[0]}/read", null)).EnsureSuccessStatusCode();
        var first = await client.GetFromJsonAsync<NotificationPage>("/api/notifications?page=1&pageSize=2");
        var third = await client.GetFromJsonAsync<NotificationPage>("/api/notifications?page=3&pageSize=2");

        Assert.Multiple(() =>
        {
            Assert.That(first!.Total, Is.EqualTo(5));
            Assert.That(first.Unread, Is.EqualTo(4));
            Assert.That(first.Items.Select(i => i.Id), Is.EqualTo(new[] { ids[4], ids[3] }));
            Assert.That(third!.Items.Select(i => i.Id), Is.EqualTo(new[] { ids[0] }));
            Assert.That(third.Items[0].ReadAt, Is.Not.Null);
        });

        (await client.PostAsync("/api/notifications/read-all", null)).EnsureSuccessStatusCode();
        var after = await client.GetFromJsonAsync<NotificationPage>("/api/notifications");
        Assert.That(after!.Unread, Is.Zero);
    }

    [TestCase("page=0", "page")]
    [TestCase("pageSize=0", "pageSize")]
    [TestCase("pageSize=101", "pageSize")]
    public async Task Bad_paging_is_a_problem_naming_the_field(string query, string field)
    {
        using var client = _app.ClientFor(_alice);
        using var response = await client.GetAsync($"/api/notifications?{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblem>();
        Assert.That(problem!.Errors.Keys, Does.Contain(field));
    }

    [Test]
    public async Task A_malformed_id_is_not_found_and_a_non_number_page_is_a_bad_request()
    {
        using var client = _app.ClientFor(_alice);
        using var malformed = await client.GetAsync("/api/notifications/not-a-guid");
        using var wordPage = await client.GetAsync("/api/notifications?page=abc");
        Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(wordPage.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Requests_without_a_valid_token_for_this_service_are_rejected()
    {
        var expired = _app.Token(_alice, expires: DateTime.UtcNow.AddMinutes(-5));
        var otherAudience = _app.Token(_alice, audience: "ledger");
        var otherIssuer = _app.Token(_alice, issuer: "https://evil.example/");
        var missingScope = _app.Token(_alice, scope: "identity");

        Assert.Multiple(async () =>
        {
            Assert.That(await StatusWithAsync(null), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await StatusWithAsync(expired), Is.EqualTo(HttpStatusCode.Unauthorized), "expired");
            Assert.That(await StatusWithAsync(otherAudience), Is.EqualTo(HttpStatusCode.Unauthorized), "other audience");
            Assert.That(await StatusWithAsync(otherIssuer), Is.EqualTo(HttpStatusCode.Unauthorized), "other issuer");
            Assert.That(await StatusWithAsync(missingScope), Is.EqualTo(HttpStatusCode.Forbidden), "missing scope");
            Assert.That(await StatusWithAsync(_app.Token(_alice)), Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Health_and_metrics_answer_without_a_token()
    {
        using var client = _app.CreateClient();
        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");
        using var metrics = await client.GetAsync("/metrics");
        Assert.Multiple(async () =>
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ready.Content.ReadAsStringAsync());
            Assert.That(metrics.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    private async Task<HttpStatusCode> StatusWithAsync(string? token)
    {
        using var client = _app.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await client.GetAsync("/api/notifications");
        return response.StatusCode;
    }

    private async Task<List<Guid>> SeedAsync(Guid userId, int count)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        var start = DateTimeOffset.UtcNow.AddMinutes(-count);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var id = Guid.CreateVersion7();
            ids.Add(id);
            db.Notifications.Add(new Notification
            {
                Id = id,
                UserId = userId,
                Category = "account",
                Kind = "test",
                SourceEventId = id,
                Title = new LocalizedText($"标题 {i}", $"Title {i}"),
                Body = new LocalizedText("正文", "Body"),
                CreatedAt = start.AddSeconds(i),
            });
        }
        await db.SaveChangesAsync();
        return ids;
    }

    private sealed record ValidationProblem(Dictionary<string, string[]> Errors);
}
