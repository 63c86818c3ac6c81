using System.Net;

namespace Jade.Notifications.Tests.Webhooks;

/// <summary>The webhooks API limits each partner on its own: one partner's burst is refused without touching another's.</summary>
public sealed class WebhookRateLimitTests
{
    private NotificationsApp _app = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _app = await NotificationsApp.StartAsync(new Dictionary<string, string> { ["Webhooks:PartnerRequestsPerMinute"] = "3" });

    [OneTimeTearDown]
    public async Task StopAsync() => await _app.DisposeAsync();

    [Test]
    public async Task A_partner_over_its_limit_gets_429_with_retry_after_while_another_partner_is_served()
    {
        using var busy = _app.PartnerClient("partner-busy");
        using var quiet = _app.PartnerClient("partner-quiet");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++) answers.Add(await busy.GetAsync("/partner/v1/webhooks/endpoints"));
        using var other = await quiet.GetAsync("/partner/v1/webhooks/endpoints");

        Assert.Multiple(() =>
        {
            Assert.That(answers.Take(3).Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
            Assert.That(answers[3].StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(answers[3].Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(answers[3].Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
        foreach (var answer in answers) answer.Dispose();
    }
}
