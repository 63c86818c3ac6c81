using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Contracts.Identity;
using Jade.Contracts.Risk;
using Jade.Identity.Tests.Kyc;
using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Jade.Identity.Tests.Support;

/// <summary>A support agent turning off two-step verification for a customer who lost the authenticator and the codes.</summary>
public sealed class SupportResetTests : KycFixture
{
    private const string Customers = "/api/identity/support/customers";
    private string _agentToken = null!;
    private string _agentId = null!;

    [OneTimeSetUp]
    public async Task SignInAgentAsync()
    {
        var email = await RegisterAsync(UniqueEmail());
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<JadeUser>>();
            var agent = (await users.FindByEmailAsync(email))!;
            (await users.AddToRolesAsync(agent, [Roles.Staff, Roles.SupportAgent])).ThrowIfFailed("Test set-up");
            _agentId = agent.Id.ToString();
        }
        _agentToken = (await OidcFlow.SignInAsync(App, email, StrongPassword)).AccessToken;
    }

    [Test]
    public async Task A_verified_customer_who_states_the_right_id_is_reset_and_told_and_signs_in_with_the_password_alone()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        Assert.That(await RecoveryCodesLeftAsync(customer.Id), Is.EqualTo(10), "the set the customer lost");

        var found = await AgentAsync(HttpMethod.Get, $"{Customers}?email={Uri.EscapeDataString(customer.Email.ToUpperInvariant())}");
        Assert.That(found.Status, Is.EqualTo(HttpStatusCode.OK), found.Body.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(found.Body.GetProperty("id").GetGuid(), Is.EqualTo(customer.Id));
            Assert.That(found.Body.GetProperty("maskedLegalName").GetString(), Is.EqualTo("张*三"));
            Assert.That(found.Body.GetProperty("kycStatus").GetString(), Is.EqualTo("verified"));
            Assert.That(found.Body.GetProperty("twoFactorEnabled").GetBoolean(), Is.True);
            Assert.That(found.Body.GetProperty("passkeys").GetInt32(), Is.Zero);
            Assert.That(found.Body.GetProperty("lockedOutUntil").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(found.Body.ToString(), Does.Not.Contain(customer.NationalId), "the agent is never shown the number");
        });

        var reset = await ResetAsync(customer.Id, customer.NationalId.ToLowerInvariant(), "Ticket 4711: caller answered the KYC questions");
        Assert.That(reset.Status, Is.EqualTo(HttpStatusCode.OK), reset.Body.ToString());
        Assert.That(reset.Body.GetProperty("twoFactorEnabled").GetBoolean(), Is.False);

        var audit = App.CountRows("audit_log", $"action = 'two_factor.support_reset' AND entity_id = '{customer.Id}' AND actor_id = '{_agentId}' "
            + "AND after::jsonb->>'comment' = 'Ticket 4711: caller answered the KYC questions'");
        var alerts = App.OutboxPayloads(nameof(TwoFactorReset), customer.Id.ToString());
        var endedSessions = App.OutboxPayloads(nameof(SessionEnded), customer.Id.ToString());
        var codesLeft = await RecoveryCodesLeftAsync(customer.Id);
        Assert.Multiple(() =>
        {
            Assert.That(audit, Is.EqualTo(1), "in the customer's trail, with the agent as actor and the agent's comment");
            Assert.That(alerts, Has.Count.EqualTo(1), "the customer is told, in case someone else called");
            Assert.That(endedSessions.Select(e => e.GetProperty("reason").GetString()), Is.EqualTo(new[] { SessionEndReasons.SupportReset }),
                "the customer's one session is announced as ended, so the gateway drops it at once");
            Assert.That(codesLeft, Is.Zero, "the lost recovery codes no longer work");
        });

        using var endedSession = await OidcFlow.RefreshAsync(App, customer.RefreshToken);
        Assert.That(endedSession.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "whoever was signed in may not have been the customer");

        var tokens = await OidcFlow.SignInAsync(App, customer.Email, StrongPassword);
        var activity = await CustomerAsync(tokens.AccessToken, "/api/identity/security-activity");
        var entry = activity.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("action").GetString() == "two_factor.support_reset");
        Assert.That(entry.GetProperty("details").ValueKind, Is.EqualTo(JsonValueKind.Null), "the agent's notes are for staff");
    }

    [Test]
    public async Task A_wrong_id_changes_nothing_and_is_recorded()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();

        var reset = await ResetAsync(customer.Id, NewPrcId(new DateOnly(1990, 5, 17)), "Ticket 4712: caller says they lost the phone");

        Assert.Multiple(() =>
        {
            Assert.That(reset.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(reset.Body.GetProperty("errors").TryGetProperty("nationalId", out _), Is.True, reset.Body.ToString());
            Assert.That(TwoFactorEnabled(customer.Id), Is.True);
            Assert.That(App.OutboxPayloads(nameof(TwoFactorReset), customer.Id.ToString()), Is.Empty);
            Assert.That(App.CountRows("audit_log", $"action = 'two_factor.support_reset_refused' AND entity_id = '{customer.Id}' AND actor_id = '{_agentId}'"),
                Is.EqualTo(1));
        });
    }

    [Test]
    public async Task After_three_wrong_ids_in_a_day_even_the_right_one_is_refused()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await ResetAsync(customer.Id, NewPrcId(new DateOnly(1980, 1, 1 + i)), $"Ticket 48{i}: caller lost the phone")).Status);
        }

        var right = await ResetAsync(customer.Id, customer.NationalId, "Ticket 483: caller lost the phone");

        Assert.Multiple(() =>
        {
            Assert.That(answers, Is.All.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(right.Status, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(right.Body.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/identity-check-limit"));
            Assert.That(TwoFactorEnabled(customer.Id), Is.True);
        });
    }

    [Test]
    public async Task Without_a_verified_identity_or_a_second_factor_there_is_nothing_support_may_reset()
    {
        var email = await RegisterAsync(UniqueEmail());
        var unverified = (await AgentAsync(HttpMethod.Get, $"{Customers}?email={email}")).Body.GetProperty("id").GetGuid();
        var notVerified = await ResetAsync(unverified, "11010519491231002X", "Ticket 4713: lost phone");

        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        var first = await ResetAsync(customer.Id, customer.NationalId, "Ticket 4714: lost phone");
        var again = await ResetAsync(customer.Id, customer.NationalId, "Ticket 4714: lost phone");

        Assert.Multiple(() =>
        {
            Assert.That(notVerified.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(notVerified.Body.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/identity-not-verified"));
            Assert.That(first.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(again.Body.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/two-factor-not-enabled"));
            Assert.That(App.OutboxPayloads(nameof(TwoFactorReset), customer.Id.ToString()), Has.Count.EqualTo(1));
        });
    }

    [TestCase(null, "Ticket 4715: lost phone", "nationalId")]
    [TestCase("11010519491231002X", null, "comment")]
    [TestCase("11010519491231002X", "4715", "comment")]
    [TestCase("1234567890123456789012345678901", "Ticket 4715: lost phone", "nationalId")]
    public async Task Bad_input_names_the_field_and_changes_nothing(string? nationalId, string? comment, string field)
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();

        var reset = await ResetAsync(customer.Id, nationalId, comment);

        Assert.Multiple(() =>
        {
            Assert.That(reset.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(reset.Body.GetProperty("errors").TryGetProperty(field, out _), Is.True, reset.Body.ToString());
            Assert.That(TwoFactorEnabled(customer.Id), Is.True);
            Assert.That(App.CountRows("audit_log", $"entity_id = '{customer.Id}' AND action LIKE 'two_factor.support%'"), Is.Zero);
        });
    }

    [TestCase("", "email")]
    [TestCase("not-an-address", "email")]
    public async Task A_bad_search_names_the_field(string email, string field)
    {
        var found = await AgentAsync(HttpMethod.Get, $"{Customers}?email={Uri.EscapeDataString(email)}");
        Assert.That(found.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(found.Body.GetProperty("errors").TryGetProperty(field, out _), Is.True, found.Body.ToString());
    }

    [Test]
    public async Task Unknown_customers_and_staff_accounts_are_not_found()
    {
        var unknown = await AgentAsync(HttpMethod.Get, $"{Customers}?email={UniqueEmail()}");
        var reset = await ResetAsync(Guid.NewGuid(), "11010519491231002X", "Ticket 4716: lost phone");
        var staff = await ResetAsync(Guid.Parse(_agentId), "11010519491231002X", "Ticket 4716: lost phone");

        Assert.Multiple(() =>
        {
            Assert.That(unknown.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknown.Body.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/customer-not-found"));
            Assert.That(reset.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(staff.Status, Is.EqualTo(HttpStatusCode.NotFound), "support resets customers, not colleagues");
        });
    }

    [Test]
    public async Task Only_support_agents_may_look_up_or_reset()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        using var api = App.NewApiClient();
        using var anonymous = await api.GetAsync($"{Customers}?email={customer.Email}");
        using var asCustomer = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Get, $"{Customers}?email={customer.Email}", customer.Token));
        using var resetAsCustomer = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, $"{Customers}/{customer.Id}/two-factor/reset", customer.Token,
            JsonContent.Create(new { nationalId = customer.NationalId, comment = "I reset myself" })));

        Assert.Multiple(() =>
        {
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(asCustomer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(resetAsCustomer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(TwoFactorEnabled(customer.Id), Is.True);
        });
    }

    private sealed record Customer(Guid Id, string Email, string Token, string RefreshToken, string NationalId);

    private async Task<Customer> VerifiedCustomerWithAuthenticatorAsync()
    {
        var email = await RegisterAsync(UniqueEmail());
        var session = await OidcFlow.SignInAsync(App, email, StrongPassword);
        var token = session.AccessToken;
        var id = (await CustomerAsync(token, "/api/identity/me")).GetProperty("id").GetGuid();
        var nationalId = NewPrcId(new DateOnly(1949, 12, 31));
        var (submitted, _) = await SubmitAsync(token, Submission(nationalId: nationalId));
        Assert.That((int)submitted.StatusCode, Is.EqualTo(202).Or.EqualTo(201).Or.EqualTo(200));
        await DeliverAsync(Verdict(SubmissionIdOf(id), id, KycOutcomes.Cleared), token, "verified");

        var setup = await CustomerAsync(token, "/api/identity/2fa/authenticator", HttpMethod.Post);
        var totp = new Totp(Base32Encoding.ToBytes(setup.GetProperty("sharedKey").GetString()!.Replace(" ", "", StringComparison.Ordinal)));
        await CustomerAsync(token, "/api/identity/2fa/enable", HttpMethod.Post, new { code = totp.ComputeTotp() });
        return new Customer(id, email, token, session.RefreshToken!, nationalId);
    }

    private async Task<int> RecoveryCodesLeftAsync(Guid userId)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<JadeUser>>();
        return await users.CountRecoveryCodesAsync((await users.FindByIdAsync(userId.ToString()))!);
    }

    private bool TwoFactorEnabled(Guid userId) => App.CountRows("users", $"id = '{userId}' AND two_factor_enabled") == 1;

    private async Task<JsonElement> CustomerAsync(string token, string url, HttpMethod? method = null, object? body = null)
    {
        using var api = App.NewApiClient();
        using var response = await api.SendAsync(OidcFlow.Bearer(method ?? HttpMethod.Get, url, token, body is null ? null : JsonContent.Create(body)));
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> ResetAsync(Guid customerId, string? nationalId, string? comment) =>
        AgentAsync(HttpMethod.Post, $"{Customers}/{customerId}/two-factor/reset", new { nationalId, comment });

    private async Task<(HttpStatusCode Status, JsonElement Body)> AgentAsync(HttpMethod method, string url, object? body = null)
    {
        using var api = App.NewApiClient();
        using var response = await api.SendAsync(OidcFlow.Bearer(method, url, _agentToken, body is null ? null : JsonContent.Create(body)));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
