using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Jade.Testing;
using Microsoft.Playwright;

namespace Jade.EndToEnd.Tests;

public sealed partial class BffSecurityTests
{
    private const string Password = "Jade-Test-2026";

    [Test]
    public async Task The_browser_never_holds_a_token_and_state_changes_need_the_antiforgery_header()
    {
        var email = await RegisterThroughApiAsync();
        await using var context = await Stack.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Stack.Gateway.ToString() });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var leaks = new List<string>();
        // Every response is inspected; the inspections are awaited before the assertions, and one that outlives the
        // page (the context closes at the end) is dropped instead of crashing the test host from an async handler.
        var inspections = new List<Task>();
        page.Response += (_, response) =>
        {
            lock (inspections) inspections.Add(InspectAsync(response));
        };

        async Task InspectAsync(IResponse response)
        {
            try
            {
                var headers = string.Join('\n', (await response.AllHeadersAsync()).Select(h => $"{h.Key}: {h.Value}"));
                var type = response.Headers.TryGetValue("content-type", out var t) ? t : "";
                var body = type.Contains("json", StringComparison.Ordinal) || type.Contains("html", StringComparison.Ordinal)
                    ? await response.TextAsync().ContinueWith(b => b.IsCompletedSuccessfully ? b.Result : "", TaskScheduler.Default)
                    : "";
                if (Jwt().IsMatch(headers) || Jwt().IsMatch(body) || body.Contains("access_token", StringComparison.Ordinal)
                    || body.Contains("refresh_token", StringComparison.Ordinal))
                {
                    lock (leaks) leaks.Add(response.Url);
                }
            }
            catch (PlaywrightException)
            {
                // The page went away before this response could be read.
            }
        }

        await page.OpenAsync("/");
        await page.GetByTestId("sign-in").ClickAsync();
        await page.Locator("#Email").FillAsync(email);
        await page.Locator("#Password").FillAsync(Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.ArrivedAtAsync(new Regex("/dashboard$"));
        await Assertions.Expect(page.GetByTestId("inbox")).ToBeVisibleAsync();

        Task[] started;
        lock (inspections) started = [.. inspections];
        await Task.WhenAll(started);
        var cookies = await context.CookiesAsync();
        var session = cookies.Single(c => c.Name == "jade.session");
        Assert.Multiple(() =>
        {
            Assert.That(leaks, Is.Empty, "responses that carried a token");
            Assert.That(session.HttpOnly, Is.True);
            Assert.That(session.SameSite, Is.EqualTo(SameSiteAttribute.Strict));
            Assert.That(cookies.Where(c => Jwt().IsMatch(c.Value)).Select(c => c.Name), Is.Empty, "cookies holding a JWT");
        });

        var withoutHeader = await page.EvaluateAsync<int>("fetch('/api/notifications/read-all', { method: 'POST' }).then(r => r.status)");
        var withHeader = await page.EvaluateAsync<int>(
            "fetch('/api/notifications/read-all', { method: 'POST', headers: { 'X-CSRF': '1' } }).then(r => r.status)");
        Assert.Multiple(() =>
        {
            Assert.That(withoutHeader, Is.EqualTo(403), "a state-changing call without the anti-forgery header");
            Assert.That(withHeader, Is.EqualTo(204));
        });
    }

    [Test]
    [Category(LocalBroker.OutageCategory)]
    public async Task A_customer_registered_while_the_broker_is_down_is_welcomed_once_it_returns()
    {
        await LocalBroker.ControlAsync("stop_app");
        Guid userId;
        try
        {
            using var http = new HttpClient { BaseAddress = Stack.Gateway };
            using var response = await http.PostAsJsonAsync("/api/identity/registrations",
                new { email = $"outage-{Guid.NewGuid():N}@example.com", password = Password, language = "en" });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
            userId = (await response.Content.ReadFromJsonAsync<Registered>())!.Id;

            var attempts = await Eventually.WaitForAsync(() => ScalarAsync<int>("SELECT coalesce(max(attempts), 0) FROM identity.outbox_messages WHERE sent_at IS NULL"),
                n => n > 0, TimeSpan.FromSeconds(40));
            Assert.That(attempts, Is.GreaterThan(0), "the relay keeps the message while the broker is down");
        }
        finally
        {
            await LocalBroker.ControlAsync("start_app");
        }

        var welcomed = await Eventually.WaitForAsync(
            () => ScalarAsync<long>($"SELECT count(*) FROM notifications.notifications WHERE user_id = '{userId}'"),
            n => n > 0, TimeSpan.FromSeconds(120));
        Assert.That(welcomed, Is.EqualTo(1));
    }

    private static async Task<string> RegisterThroughApiAsync()
    {
        var email = $"bff-{Guid.NewGuid():N}@example.com";
        using var http = new HttpClient { BaseAddress = Stack.Gateway };
        using var response = await http.PostAsJsonAsync("/api/identity/registrations", new { email, password = Password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return email;
    }

    private static async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = Stack.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.")]
    private static partial Regex Jwt();

    private sealed record Registered(Guid Id);
}
