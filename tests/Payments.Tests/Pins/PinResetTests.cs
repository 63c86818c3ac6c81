using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Payments.Pins;
using Jade.ServiceDefaults;
using Jade.Payments.Tests.Transfers;

namespace Jade.Payments.Tests.Pins;

/// <summary>A forgotten or locked PIN is reset only with identity's step-up proof of the authenticator, once per proof.</summary>
public sealed class PinResetTests : PaymentsServiceFixture
{
    private const string NewPin = "246813";
    private async Task<(Guid Customer, HttpClient Client)> LockedOutCustomerAsync()
    {
        var customer = await App.RegisterAsync("locked");
        var client = App.Customer(customer);
        await client.SetPinAsync();
        for (var i = 0; i < PinRules.MaxFailedAttempts; i++)
        {
            await client.PutAsJsonAsync("/api/payments/pin", new { pin = "864209", currentPin = "000001" });
        }
        var status = await client.GetFromJsonAsync<JsonElement>("/api/payments/pin");
        Assert.That(status.GetProperty("locked").GetBoolean(), Is.True, "precondition: the PIN is locked");
        return (customer, client);
    }

    private static Task<HttpResponseMessage> ResetAsync(HttpClient client, string? token, string? pin = NewPin) =>
        client.PostAsJsonAsync("/api/payments/pin/reset", new { stepUpToken = token, pin });

    private async Task<string> HashOfAsync(Guid customer) =>
        (await App.ColumnAsync($"SELECT concat_ws('|', hash, failed_attempts, locked_at) FROM payments.payment_pins WHERE customer_id = '{customer}'"))[0];

    [Test]
    public async Task A_step_up_proof_resets_a_locked_pin_and_the_new_pin_confirms_payments()
    {
        var (customer, client) = await LockedOutCustomerAsync();

        var reset = await ResetAsync(client, App.StepUp(customer, StepUpTokens.Purposes.PaymentPinReset));
        var status = await client.GetFromJsonAsync<JsonElement>("/api/payments/pin");
        var changeWithNewPin = await client.PutAsJsonAsync("/api/payments/pin", new { pin = "975318", currentPin = NewPin });
        var audit = await App.ColumnAsync($"SELECT concat_ws('|', action, actor_id, before, after) FROM payments.audit_log WHERE entity_id = '{customer}'");

        Assert.Multiple(() =>
        {
            Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(audit, Has.Count.EqualTo(1), "lifting the lock is audited");
            Assert.That(audit[0], Does.StartWith($"payment_pin.reset|{customer}|").And.Contain("\"locked\":true").And.Contain("\"locked\":false")
                .And.Contain("\"stepUp\":{\"method\""));
            Assert.That(audit[0], Does.Not.Contain(NewPin));
            Assert.That(status.GetProperty("locked").GetBoolean(), Is.False);
            Assert.That(status.GetProperty("remainingAttempts").GetInt32(), Is.EqualTo(PinRules.MaxFailedAttempts));
            Assert.That(changeWithNewPin.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "the reset PIN is the one that now verifies");
        });
    }

    [Test]
    public async Task A_proof_resets_once_only()
    {
        var (customer, client) = await LockedOutCustomerAsync();
        var token = App.StepUp(customer, StepUpTokens.Purposes.PaymentPinReset);

        var first = await ResetAsync(client, token);
        var second = await ResetAsync(client, token, "975318");

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Concurrent_resets_with_one_proof_change_the_pin_once()
    {
        var (customer, client) = await LockedOutCustomerAsync();
        var token = App.StepUp(customer, StepUpTokens.Purposes.PaymentPinReset);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => ResetAsync(client, token, $"2468{i}9")));

        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.NoContent), Is.EqualTo(1));
    }

    private static IEnumerable<TestCaseData> RefusedProofs()
    {
        yield return new TestCaseData(new Func<PaymentsApp, Guid, string?>((_, _) => null)).SetName("no proof");
        yield return new TestCaseData(new Func<PaymentsApp, Guid, string?>((_, _) => "not-a-token")).SetName("garbage");
        yield return new TestCaseData(new Func<PaymentsApp, Guid, string?>((app, c) =>
            app.StepUp(c, StepUpTokens.Purposes.PaymentPinReset, expires: DateTime.UtcNow.AddMinutes(-2)))).SetName("expired");
        yield return new TestCaseData(new Func<PaymentsApp, Guid, string?>((app, _) =>
            app.StepUp(Guid.CreateVersion7(), StepUpTokens.Purposes.PaymentPinReset))).SetName("someone else's proof");
        yield return new TestCaseData(new Func<PaymentsApp, Guid, string?>((app, c) =>
            app.StepUp(c, "withdrawal_limit_raise"))).SetName("another purpose");
        yield return new TestCaseData(new Func<PaymentsApp, Guid, string?>((app, c) =>
            app.StepUp(c, StepUpTokens.Purposes.PaymentPinReset, tokenType: "at+jwt"))).SetName("not a step-up token type");
        yield return new TestCaseData(new Func<PaymentsApp, Guid, string?>((app, c) =>
            app.StepUp(c, StepUpTokens.Purposes.PaymentPinReset, audience: "payments"))).SetName("wrong audience");
        yield return new TestCaseData(new Func<PaymentsApp, Guid, string?>((app, c) =>
            app.Token(c.ToString(), "payments", "payments"))).SetName("an access token");
    }

    [TestCaseSource(nameof(RefusedProofs))]
    public async Task Without_a_valid_proof_the_pin_stays_locked_and_unchanged(Func<PaymentsApp, Guid, string?> proof)
    {
        var (customer, client) = await LockedOutCustomerAsync();
        var before = await HashOfAsync(customer);

        var response = await ResetAsync(client, proof(App, customer));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(PinReset.StepUpRefusedType));
            Assert.That(await HashOfAsync(customer), Is.EqualTo(before));
        });
    }

    [TestCase("12345")]
    [TestCase("111111")]
    [TestCase("123456")]
    [TestCase(null)]
    public async Task A_new_pin_that_is_malformed_or_easy_is_refused_and_the_proof_is_not_spent(string? pin)
    {
        var (customer, client) = await LockedOutCustomerAsync();
        var token = App.StepUp(customer, StepUpTokens.Purposes.PaymentPinReset);

        var refused = await ResetAsync(client, token, pin);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        var retried = await ResetAsync(client, token);

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").TryGetProperty("pin", out _), Is.True);
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        });
    }

    [Test]
    public async Task A_customer_without_a_pin_can_set_one_through_a_reset()
    {
        var customer = await App.RegisterAsync("fresh");
        var client = App.Customer(customer);

        var reset = await ResetAsync(client, App.StepUp(customer, StepUpTokens.Purposes.PaymentPinReset));
        var status = await client.GetFromJsonAsync<JsonElement>("/api/payments/pin");

        Assert.Multiple(() =>
        {
            Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(status.GetProperty("isSet").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task The_proof_never_reaches_the_logs()
    {
        var (customer, client) = await LockedOutCustomerAsync();
        var token = App.StepUp(customer, StepUpTokens.Purposes.PaymentPinReset);

        await ResetAsync(client, token);

        Assert.That(App.Logs.Lines, Has.None.Contains(token[..40]));
        Assert.That(App.Logs.Mentioning(NewPin), Is.Empty, "the new PIN is never logged");
    }
}
