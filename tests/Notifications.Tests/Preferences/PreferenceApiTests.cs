using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jade.Contracts.Payments;
using Jade.Contracts.Risk;
using Jade.Notifications.Inbox;
using Jade.Testing;

namespace Jade.Notifications.Tests.Preferences;

public sealed class PreferenceApiTests
{
    private const string Url = "/api/notifications/preferences";

    private static readonly string[] Defaults =
    [
        "account: inApp=True email=True sms=False",
        "payments: inApp=True email=True sms=False",
        "security (locked): inApp=True email=True sms=True",
    ];

    private NotificationsApp _app = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _app = await NotificationsApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _app.DisposeAsync();

    [Test]
    public async Task A_new_customer_sees_the_three_categories_in_order_with_their_defaults_and_security_locked()
    {
        using var client = _app.ClientFor(Guid.CreateVersion7());

        using var response = await client.GetAsync(Url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await DescribeAsync(response), Is.EqualTo(Defaults));
    }

    [Test]
    public async Task A_put_changes_only_the_categories_sent_and_get_returns_the_choice()
    {
        var customer = Guid.CreateVersion7();
        using var client = _app.ClientFor(customer);

        using var first = await client.PutAsJsonAsync(Url, Update(("payments", false, true, true)));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        string[] afterFirst =
        [
            "account: inApp=True email=True sms=False",
            "payments: inApp=False email=True sms=True",
            "security (locked): inApp=True email=True sms=True",
        ];
        Assert.That(await DescribeAsync(first), Is.EqualTo(afterFirst), "the PUT answers with the whole, updated view");
        Assert.That(await GetAsync(client), Is.EqualTo(afterFirst));

        // A later PUT of other categories (security restated as all on, which is allowed) leaves payments as chosen.
        using var second = await client.PutAsJsonAsync(Url, Update(("account", true, false, false), ("security", true, true, true)));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await GetAsync(client), Is.EqualTo(new[]
        {
            "account: inApp=True email=False sms=False",
            "payments: inApp=False email=True sms=True",
            "security (locked): inApp=True email=True sms=True",
        }));
    }

    [TestCase("inApp")]
    [TestCase("email")]
    [TestCase("sms")]
    public async Task Switching_off_a_security_channel_is_refused_naming_the_entry_and_nothing_is_written(string channel)
    {
        var customer = Guid.CreateVersion7();
        using var client = _app.ClientFor(customer);
        var security = new Dictionary<string, bool> { ["inApp"] = true, ["email"] = true, ["sms"] = true };
        security[channel] = false;
        // A valid entry first: the refusal must not half-apply the request.
        var body = new
        {
            categories = new object[]
            {
                new { category = "payments", channels = new { inApp = false, email = false, sms = false } },
                new { category = "security", channels = security },
            },
        };

        using var response = await client.PutAsJsonAsync(Url, body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblem>();
        Assert.That(problem!.Errors.Keys, Is.EqualTo(new[] { "categories[1].channels" }));
        Assert.That(await RowsAsync(customer), Is.Zero);
        Assert.That(await GetAsync(client), Is.EqualTo(Defaults));
    }

    // Each invalid entry follows a valid one, so "nothing written" also proves the request is all or nothing.
    private const string ValidFirst = """{"category":"payments","channels":{"inApp":false,"email":false,"sms":false}}""";

    [TestCase($$$"""{"categories":[{{{ValidFirst}}},{"category":"marketing","channels":{"inApp":true,"email":true,"sms":true}}]}""", "categories[1].category", TestName = "Unknown category")]
    [TestCase($$$"""{"categories":[{{{ValidFirst}}},{"channels":{"inApp":true,"email":true,"sms":true}}]}""", "categories[1].category", TestName = "Category missing")]
    [TestCase($$$"""{"categories":[{{{ValidFirst}}},{{{ValidFirst}}}]}""", "categories[1].category", TestName = "Duplicate category")]
    [TestCase($$$"""{"categories":[{{{ValidFirst}}},{"category":"account","channels":{"inApp":true,"email":true}}]}""", "categories[1].channels", TestName = "Missing channel value")]
    [TestCase($$$"""{"categories":[{{{ValidFirst}}},{"category":"account","channels":{"inApp":true,"email":true,"sms":null}}]}""", "categories[1].channels", TestName = "Null channel value")]
    [TestCase($$$"""{"categories":[{{{ValidFirst}}},{"category":"account"}]}""", "categories[1].channels", TestName = "Channels missing")]
    [TestCase($$$"""{"categories":[{{{ValidFirst}}},null]}""", "categories[1].category", TestName = "Null entry")]
    [TestCase("""{"categories":[]}""", "categories", TestName = "No categories")]
    [TestCase("{}", "categories", TestName = "Empty object")]
    [TestCase("null", "categories", TestName = "Null body")]
    [TestCase("", "categories", TestName = "Empty body")]
    [TestCase($$$"""{"categories":[{{{ValidFirst}}},""", null, TestName = "Malformed JSON")]
    [TestCase($$$"""{"categories":[{{{ValidFirst}}},{"category":"account","channels":{"inApp":"yes","email":true,"sms":true}}]}""", null, TestName = "Channel value not a boolean")]
    public async Task An_invalid_update_is_a_bad_request_and_nothing_is_written(string json, string? errorKey)
    {
        var customer = Guid.CreateVersion7();
        using var client = _app.ClientFor(customer);

        using var response = await client.PutAsync(Url, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        if (errorKey is not null)
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            var problem = await response.Content.ReadFromJsonAsync<ValidationProblem>();
            Assert.That(problem!.Errors.Keys, Does.Contain(errorKey));
        }
        Assert.That(await RowsAsync(customer), Is.Zero);
        Assert.That(await GetAsync(client), Is.EqualTo(Defaults));
    }

    [Test]
    public async Task Requests_without_a_token_for_this_service_are_unauthorized()
    {
        var customer = Guid.CreateVersion7();
        var otherAudience = _app.Token(customer, audience: "ledger");
        var expired = _app.Token(customer, expires: DateTime.UtcNow.AddMinutes(-5));
        var missingScope = _app.Token(customer, scope: "identity");

        Assert.Multiple(async () =>
        {
            Assert.That(await StatusAsync(null, HttpMethod.Get), Is.EqualTo(HttpStatusCode.Unauthorized), "GET without a token");
            Assert.That(await StatusAsync(null, HttpMethod.Put), Is.EqualTo(HttpStatusCode.Unauthorized), "PUT without a token");
            Assert.That(await StatusAsync(otherAudience, HttpMethod.Get), Is.EqualTo(HttpStatusCode.Unauthorized), "GET for another audience");
            Assert.That(await StatusAsync(otherAudience, HttpMethod.Put), Is.EqualTo(HttpStatusCode.Unauthorized), "PUT for another audience");
            Assert.That(await StatusAsync(expired, HttpMethod.Put), Is.EqualTo(HttpStatusCode.Unauthorized), "PUT with an expired token");
            Assert.That(await StatusAsync(missingScope, HttpMethod.Put), Is.EqualTo(HttpStatusCode.Forbidden), "PUT without the notifications scope");
        });
        Assert.That(await RowsAsync(customer), Is.Zero, "a refused PUT wrote nothing");
    }

    [Test]
    public async Task A_customers_update_never_touches_another_customers_preferences()
    {
        var (alice, bob, carol) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        using var aliceClient = _app.ClientFor(alice);
        using var bobClient = _app.ClientFor(bob);
        using var carolClient = _app.ClientFor(carol);
        using var carolsOwn = await carolClient.PutAsJsonAsync(Url, Update(("payments", true, false, true)));
        Assert.That(carolsOwn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var carolBefore = await GetAsync(carolClient);

        // Naming someone else in the body changes nothing: the token's subject is the customer.
        using var put = await aliceClient.PutAsJsonAsync(Url, new
        {
            userId = bob,
            categories = new[]
            {
                new { category = "account", userId = bob, channels = new { inApp = false, email = false, sms = false } },
                new { category = "payments", userId = carol, channels = new { inApp = false, email = false, sms = false } },
            },
        });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That(await GetAsync(aliceClient), Is.EqualTo(new[]
        {
            "account: inApp=False email=False sms=False",
            "payments: inApp=False email=False sms=False",
            "security (locked): inApp=True email=True sms=True",
        }));
        Assert.That(await GetAsync(bobClient), Is.EqualTo(Defaults));
        Assert.That(await RowsAsync(bob), Is.Zero);
        Assert.That(await GetAsync(carolClient), Is.EqualTo(carolBefore));
    }

    [Test]
    public async Task A_payee_who_switched_off_in_app_payments_gets_no_inbox_message_for_a_transfer()
    {
        var (payer, payee) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        using var payeeClient = _app.ClientFor(payee);
        using var put = await payeeClient.PutAsJsonAsync(Url, Update(("payments", false, true, false)));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var messageId = await _app.PublishAsync(new PaymentCompleted(
            Guid.CreateVersion7(), "p2p", payer, payee, 12_345, "CNY", "a***e@example.com", "b***b@example.com", null, null, DateTimeOffset.UtcNow));
        await _app.WaitUntilConsumedAsync(messageId, "PaymentCompletedHandler");

        var payeeInbox = await payeeClient.GetFromJsonAsync<NotificationPage>("/api/notifications");
        Assert.Multiple(async () =>
        {
            // The same event told the payer, who kept the defaults, so it was handled.
            Assert.That(await _app.InboxCountAsync(payer, "transfer_sent"), Is.EqualTo(1));
            Assert.That(await _app.InboxCountAsync(payee), Is.Zero);
            Assert.That(payeeInbox!.Total, Is.Zero);
            Assert.That(payeeInbox.Unread, Is.Zero);
        });
    }

    [TestCase("p2p")]
    [TestCase("withdrawal")]
    public async Task A_payment_an_officer_declined_is_told_once_by_the_review_outcome_not_again_as_a_failure(string kind)
    {
        var customer = Guid.CreateVersion7();
        var paymentId = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;

        var resolved = await _app.PublishAsync(new CaseResolved(Guid.CreateVersion7(), "transaction", paymentId, customer, "decline", now));
        var failed = await _app.PublishAsync(new PaymentFailed(
            paymentId, kind, customer, null, 50_000, "CNY", "a***e@example.com", "6222 **** 0001", null, null, "review_declined", "RR04", now));
        await _app.WaitUntilConsumedAsync(resolved, "ReviewOutcomeHandler");
        await _app.WaitUntilConsumedAsync(failed, "PaymentFailedHandler");

        using var client = _app.ClientFor(customer);
        var inbox = await client.GetFromJsonAsync<NotificationPage>("/api/notifications");
        Assert.That(inbox!.Items.Select(n => n.Kind), Is.EqualTo(new[] { "review_declined" }));
    }

    [TestCase("p2p", "payment_failed", "Your transfer did not go through")]
    [TestCase("topup", "payment_failed", "Your top-up did not go through")]
    [TestCase("withdrawal", "withdrawal_failed", "Withdrawal failed")]
    public async Task A_payment_that_failed_for_another_reason_is_told_to_the_customer(string kind, string expectedKind, string expectedTitle)
    {
        var customer = Guid.CreateVersion7();
        var failed = await _app.PublishAsync(new PaymentFailed(
            Guid.CreateVersion7(), kind, customer, Guid.CreateVersion7(), 50_000, "CNY", "a***e@example.com", "b***b@example.com", null, null,
            "insufficient_funds", "AM04", DateTimeOffset.UtcNow));
        await _app.WaitUntilConsumedAsync(failed, "PaymentFailedHandler");

        using var client = _app.ClientFor(customer);
        var inbox = await client.GetFromJsonAsync<NotificationPage>("/api/notifications");
        var message = inbox!.Items.Single();
        Assert.Multiple(() =>
        {
            Assert.That(message.Kind, Is.EqualTo(expectedKind));
            Assert.That(message.Title["en"], Is.EqualTo(expectedTitle));
            Assert.That(message.Body["en"], Does.Contain("¥500.00").And.EndWith("Reason: not enough money in the wallet."));
        });
    }

    [Test]
    public async Task A_top_up_refunded_to_the_card_is_told_as_a_refund_not_as_a_plain_failure()
    {
        var customer = Guid.CreateVersion7();
        var failed = await _app.PublishAsync(new PaymentFailed(
            Guid.CreateVersion7(), "topup", customer, null, 50_000, "CNY", "Card •••• 4242", "Wallet", null, null, "refunded_to_card", "NARR", DateTimeOffset.UtcNow));
        await _app.WaitUntilConsumedAsync(failed, "PaymentFailedHandler");

        using var client = _app.ClientFor(customer);
        var inbox = await client.GetFromJsonAsync<NotificationPage>("/api/notifications");
        var message = inbox!.Items.Single();
        Assert.Multiple(() =>
        {
            Assert.That(message.Kind, Is.EqualTo("topup_refunded"));
            Assert.That(message.Title["en"], Is.EqualTo("Top-up refunded to your card"));
            Assert.That(message.Body["en"], Does.Contain("¥500.00").And.Contain("refunded to your card"));
        });
    }

    private static object Update(params (string Category, bool InApp, bool Email, bool Sms)[] categories) => new
    {
        categories = categories.Select(c => new { category = c.Category, channels = new { inApp = c.InApp, email = c.Email, sms = c.Sms } }).ToArray(),
    };

    private static async Task<string[]> GetAsync(HttpClient client)
    {
        using var response = await client.GetAsync(Url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await DescribeAsync(response);
    }

    /// <summary>The view as the SPA reads it (camelCase wire names), one line per category in the order given.</summary>
    private static async Task<string[]> DescribeAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("categories").EnumerateArray().Select(c =>
        {
            var channels = c.GetProperty("channels");
            var locked = c.GetProperty("locked").GetBoolean() ? " (locked)" : "";
            return $"{c.GetProperty("category").GetString()}{locked}: inApp={channels.GetProperty("inApp").GetBoolean()} " +
                $"email={channels.GetProperty("email").GetBoolean()} sms={channels.GetProperty("sms").GetBoolean()}";
        })];
    }

    private Task<long> RowsAsync(Guid userId) => _app.ScalarAsync($"SELECT count(*) FROM notifications.preferences WHERE user_id = '{userId}'");

    private async Task<HttpStatusCode> StatusAsync(string? token, HttpMethod method)
    {
        using var client = _app.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var request = new HttpRequestMessage(method, Url);
        if (method == HttpMethod.Put)
        {
            request.Content = JsonContent.Create(Update(("payments", false, false, false)));
        }
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private sealed record ValidationProblem(Dictionary<string, string[]> Errors);
}
