using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Contracts.Identity;
using Jade.Contracts.Risk;
using Jade.Identity.Tests.Kyc;
using Jade.Identity.Users;
using Jade.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Jade.Identity.Tests.Support;

/// <summary>
/// Support turning off two-step verification for a customer who lost the authenticator and the codes: one agent checks
/// the caller's national id and asks, a second agent approves (four eyes).
/// </summary>
public sealed class SupportResetTests : KycFixture
{
    private const string Customers = "/api/identity/support/customers";
    private const string Requests = "/api/identity/support/two-factor-reset-requests";
    private SupportAgent _agent = null!;
    private SupportAgent _second = null!;

    private sealed record SupportAgent(string Id, string Email, string Token);

    protected override void ConfigureApp(IWebHostBuilder builder) =>
        builder.UseSetting("Identity:Support:MetricsSampleInterval", "00:00:00.200");

    [OneTimeSetUp]
    public async Task SignInAgentsAsync()
    {
        _agent = await NewAgentAsync();
        _second = await NewAgentAsync();
    }

    private async Task<SupportAgent> NewAgentAsync()
    {
        var email = await RegisterAsync(UniqueEmail());
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<JadeUser>>();
        var agent = (await users.FindByEmailAsync(email))!;
        (await users.AddToRolesAsync(agent, [Roles.Staff, Roles.SupportAgent])).ThrowIfFailed("Test set-up");
        return new SupportAgent(agent.Id.ToString(), email, (await OidcFlow.SignInAsync(App, email, StrongPassword)).AccessToken);
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
            Assert.That(found.Body.GetProperty("kycLevel").GetInt32(), Is.EqualTo(2));
            Assert.That(found.Body.GetProperty("kycUpgradeStatus").GetString(), Is.EqualTo("none"));
            Assert.That(found.Body.GetProperty("twoFactorEnabled").GetBoolean(), Is.True);
            Assert.That(found.Body.GetProperty("passkeys").GetInt32(), Is.Zero);
            Assert.That(found.Body.GetProperty("lockedOutUntil").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(found.Body.ToString(), Does.Not.Contain(customer.NationalId), "the agent is never shown the number");
        });

        var asked = await RequestAsync(customer.Id, customer.NationalId.ToLowerInvariant(), "Ticket 4711: caller answered the KYC questions");
        Assert.That(asked.Status, Is.EqualTo(HttpStatusCode.Accepted), asked.Body.ToString());
        var requestId = asked.Body.GetProperty("id").GetGuid();
        var pending = await AgentAsync(HttpMethod.Get, $"{Customers}?email={Uri.EscapeDataString(customer.Email)}", agent: _second);
        Assert.Multiple(() =>
        {
            Assert.That(asked.Body.GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(asked.Body.GetProperty("requestedBy").GetString(), Is.EqualTo(_agent.Email));
            Assert.That(asked.Body.GetProperty("requestedByMe").GetBoolean(), Is.True);
            Assert.That(asked.Body.GetProperty("maskedLegalName").GetString(), Is.EqualTo("张*三"));
            Assert.That(TwoFactorEnabled(customer.Id), Is.True, "one agent alone changes nothing");
            Assert.That(App.OutboxPayloads(nameof(TwoFactorReset), customer.Id.ToString()), Is.Empty);
            Assert.That(App.OutboxPayloads(nameof(SessionEnded), customer.Id.ToString()), Is.Empty);
            Assert.That(App.OutboxPayloads(nameof(TwoFactorResetRequested), customer.Id.ToString()).Select(p => p.GetProperty("expiresAt").GetDateTimeOffset()),
                Is.EqualTo(new[] { asked.Body.GetProperty("expiresAt").GetDateTimeOffset() }).Within(TimeSpan.FromMilliseconds(1)),
                "the customer is told of the request while it can still be stopped (the database keeps microseconds)");
            Assert.That(pending.Body.GetProperty("pendingReset").GetProperty("id").GetGuid(), Is.EqualTo(requestId));
            Assert.That(pending.Body.GetProperty("pendingReset").GetProperty("requestedByMe").GetBoolean(), Is.False, "seen by the second agent");
        });

        var approved = await DecideAsync(requestId, "approve", "Checked the ticket and the call recording", _second);
        Assert.That(approved.Status, Is.EqualTo(HttpStatusCode.OK), approved.Body.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(approved.Body.GetProperty("request").GetProperty("status").GetString(), Is.EqualTo("approved"));
            Assert.That(approved.Body.GetProperty("request").GetProperty("decidedBy").GetString(), Is.EqualTo(_second.Email));
            Assert.That(approved.Body.GetProperty("customer").GetProperty("twoFactorEnabled").GetBoolean(), Is.False);
            Assert.That(approved.Body.GetProperty("customer").GetProperty("pendingReset").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });

        var audit = App.CountRows("audit_log", $"action = 'two_factor.support_reset' AND entity_id = '{customer.Id}' AND actor_id = '{_second.Id}' "
            + "AND after::jsonb->>'comment' = 'Ticket 4711: caller answered the KYC questions' "
            + $"AND after::jsonb->>'requestedBy' = '{_agent.Email}'");
        var requestAudit = App.CountRows("audit_log",
            $"action = 'two_factor.support_reset_requested' AND entity_id = '{customer.Id}' AND actor_id = '{_agent.Id}'");
        var alerts = App.OutboxPayloads(nameof(TwoFactorReset), customer.Id.ToString());
        var endedSessions = App.OutboxPayloads(nameof(SessionEnded), customer.Id.ToString());
        var codesLeft = await RecoveryCodesLeftAsync(customer.Id);
        Assert.Multiple(() =>
        {
            Assert.That(requestAudit, Is.EqualTo(1), "the request is in the customer's trail with the agent who asked");
            Assert.That(audit, Is.EqualTo(1), "the reset is in the customer's trail, with the approving agent as actor and both agents' notes");
            Assert.That(alerts, Has.Count.EqualTo(1), "the customer is told, in case someone else called");
            Assert.That(endedSessions.Select(e => e.GetProperty("reason").GetString()), Is.EqualTo(new[] { SessionEndReasons.SupportReset }),
                "the customer's one session is announced as ended, so the gateway drops it at once");
            Assert.That(codesLeft, Is.Zero, "the lost recovery codes no longer work");
        });

        using var endedSession = await OidcFlow.RefreshAsync(App, customer.RefreshToken);
        Assert.That(endedSession.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "whoever was signed in may not have been the customer");

        var tokens = await OidcFlow.SignInAsync(App, customer.Email, StrongPassword);
        var activity = await CustomerAsync(tokens.AccessToken, "/api/identity/security-activity");
        var entries = activity.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("action").GetString() is "two_factor.support_reset" or "two_factor.support_reset_requested").ToList();
        Assert.That(entries, Has.Count.EqualTo(2), activity.ToString());
        Assert.That(entries.Select(e => e.GetProperty("details").ValueKind), Is.All.EqualTo(JsonValueKind.Null), "the agents' notes are for staff");
    }

    [Test]
    public async Task The_agent_who_asked_cannot_approve_and_nothing_changes()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        var requestId = await RequestedAsync(customer);

        var own = await DecideAsync(requestId, "approve", null, _agent);

        Assert.Multiple(() =>
        {
            Assert.That(own.Status, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(own.Body.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/four-eyes-required"));
            Assert.That(TwoFactorEnabled(customer.Id), Is.True);
            Assert.That(App.CountRows("support_reset_requests", $"id = '{requestId}' AND status = 'pending' AND decided_by IS NULL"), Is.EqualTo(1));
            Assert.That(App.CountRows("audit_log", $"entity_id = '{customer.Id}' AND action = 'two_factor.support_reset'"), Is.Zero);
        });
    }

    [Test]
    public async Task A_rejected_request_cannot_be_approved_and_the_customer_may_be_asked_for_again()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        var requestId = await RequestedAsync(customer);

        var rejected = await DecideAsync(requestId, "reject", "Caller could not name the last payment", _second);
        var approvedAfter = await DecideAsync(requestId, "approve", null, _second);
        var askedAgain = await RequestAsync(customer.Id, customer.NationalId, "Ticket 4720: customer called back from the bank");

        Assert.Multiple(() =>
        {
            Assert.That(rejected.Status, Is.EqualTo(HttpStatusCode.OK), rejected.Body.ToString());
            Assert.That(rejected.Body.GetProperty("status").GetString(), Is.EqualTo("rejected"));
            Assert.That(rejected.Body.GetProperty("decisionComment").GetString(), Is.EqualTo("Caller could not name the last payment"));
            Assert.That(approvedAfter.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(approvedAfter.Body.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/reset-request-closed"));
            Assert.That(TwoFactorEnabled(customer.Id), Is.True);
            Assert.That(App.CountRows("audit_log", $"entity_id = '{customer.Id}' AND action = 'two_factor.support_reset_rejected' AND actor_id = '{_second.Id}'"),
                Is.EqualTo(1));
            Assert.That(askedAgain.Status, Is.EqualTo(HttpStatusCode.Accepted), "a closed request no longer holds the customer's one open place");
        });
    }

    [Test]
    public async Task The_agent_who_asked_may_withdraw_the_request()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        var requestId = await RequestedAsync(customer);

        var withdrawn = await DecideAsync(requestId, "reject", "Customer found the recovery codes", _agent);

        Assert.That(withdrawn.Status, Is.EqualTo(HttpStatusCode.OK), withdrawn.Body.ToString());
        Assert.That(App.CountRows("audit_log", $"entity_id = '{customer.Id}' AND action = 'two_factor.support_reset_rejected' "
            + $"AND actor_id = '{_agent.Id}' AND after::jsonb->>'withdrawn' = 'true'"), Is.EqualTo(1));
    }

    [Test]
    public async Task The_customer_signed_in_elsewhere_sees_the_request_and_can_stop_it_before_a_second_agent_approves()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        var requestId = await RequestedAsync(customer);
        var shown = await CustomerAsync(customer.Token, "/api/identity/2fa");

        var cancelled = await CancelAsync(customer.Token);
        var again = await CancelAsync(customer.Token);
        var approved = await DecideAsync(requestId, "approve", null, _second);

        Assert.Multiple(() =>
        {
            Assert.That(shown.GetProperty("pendingSupportReset").GetProperty("id").GetGuid(), Is.EqualTo(requestId));
            Assert.That(cancelled, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(again, Is.EqualTo(HttpStatusCode.NotFound), "nothing is left to cancel");
            Assert.That(approved.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(approved.Body.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/reset-request-closed"));
            Assert.That(TwoFactorEnabled(customer.Id), Is.True);
            Assert.That(App.CountRows("support_reset_requests", $"id = '{requestId}' AND status = 'rejected' AND decided_by = '{customer.Id}'"),
                Is.EqualTo(1), "closed, with the customer as the one who decided");
            Assert.That(App.CountRows("audit_log", $"entity_id = '{customer.Id}' AND action = 'two_factor.support_reset_cancelled' "
                + $"AND actor_id = '{customer.Id}'"), Is.EqualTo(1));
        });
        var after = await CustomerAsync(customer.Token, "/api/identity/2fa");
        Assert.That(after.GetProperty("pendingSupportReset").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Turning_two_step_verification_off_closes_the_open_request_so_no_agent_is_left_with_it()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        var requestId = await RequestedAsync(customer);

        // A code from the next time step: the one enabling it may still be the current one, and a code is good once.
        using (var api = App.NewApiClient())
        {
            using var disabled = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, "/api/identity/2fa/disable", customer.Token,
                JsonContent.Create(new { code = customer.Authenticator.ComputeTotp(DateTime.UtcNow.AddSeconds(30)) })));
            Assert.That(disabled.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await disabled.Content.ReadAsStringAsync());
        }
        var approved = await DecideAsync(requestId, "approve", null, _second);
        var queue = (await AgentAsync(HttpMethod.Get, $"{Requests}?status=rejected&pageSize=100")).Body;

        Assert.Multiple(async () =>
        {
            Assert.That(approved.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(approved.Body.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/reset-request-closed"));
            Assert.That(App.CountRows("support_reset_requests", $"id = '{requestId}' AND status = 'rejected' AND decided_by = '{customer.Id}' "
                + $"AND decision_comment = 'Closed: the customer turned two-step verification off'"), Is.EqualTo(1));
            Assert.That(Ids(queue), Does.Contain(requestId));
            Assert.That((await CustomerAsync(customer.Token, "/api/identity/2fa")).GetProperty("pendingSupportReset").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task Another_customer_cannot_stop_someone_elses_request()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        var requestId = await RequestedAsync(customer);
        var stranger = await VerifiedCustomerWithAuthenticatorAsync();

        var cancelled = await CancelAsync(stranger.Token);

        Assert.Multiple(() =>
        {
            Assert.That(cancelled, Is.EqualTo(HttpStatusCode.NotFound), "a customer only ever cancels a request about themselves");
            Assert.That(App.CountRows("support_reset_requests", $"id = '{requestId}' AND status = 'pending'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task One_open_request_per_customer()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        await RequestedAsync(customer);

        var again = await RequestAsync(customer.Id, customer.NationalId, "Ticket 4721: second call", _second);

        Assert.Multiple(() =>
        {
            Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(again.Body.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/reset-already-requested"));
            Assert.That(App.CountRows("support_reset_requests", $"customer_id = '{customer.Id}'"), Is.EqualTo(1));
            Assert.That(App.OutboxPayloads(nameof(TwoFactorResetRequested), customer.Id.ToString()), Has.Count.EqualTo(1), "one alert, for the one request");
        });
    }

    [Test]
    public async Task A_request_left_for_a_day_expires_and_cannot_be_approved()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        var requestId = await RequestedAsync(customer);
        Age(requestId, "requested_at = now() - interval '25 hours', expires_at = now() - interval '1 hour'");

        var late = await DecideAsync(requestId, "approve", null, _second);
        var expired = await AgentAsync(HttpMethod.Get, $"{Requests}?status=expired&pageSize=100");
        var pending = await AgentAsync(HttpMethod.Get, $"{Requests}?pageSize=100");
        var askedAgain = await RequestAsync(customer.Id, customer.NationalId, "Ticket 4722: customer called again");

        Assert.Multiple(() =>
        {
            Assert.That(late.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(late.Body.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/reset-request-closed"));
            Assert.That(TwoFactorEnabled(customer.Id), Is.True);
            Assert.That(Ids(expired.Body), Does.Contain(requestId));
            Assert.That(Ids(pending.Body), Does.Not.Contain(requestId));
            Assert.That(askedAgain.Status, Is.EqualTo(HttpStatusCode.Accepted), askedAgain.Body.ToString());
            Assert.That(App.CountRows("support_reset_requests", $"id = '{requestId}' AND status = 'expired'"), Is.EqualTo(1),
                "closed for good when the new request took its place");
        });
    }

    [Test]
    public async Task Two_approvals_at_once_reset_the_customer_once()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        var requestId = await RequestedAsync(customer);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => DecideAsync(requestId, "approve", null, _second)));

        Assert.Multiple(() =>
        {
            Assert.That(answers.Count(a => a.Status == HttpStatusCode.OK), Is.EqualTo(1), string.Join(" ", answers.Select(a => a.Status)));
            Assert.That(answers.Where(a => a.Status != HttpStatusCode.OK).Select(a => a.Status), Is.All.EqualTo(HttpStatusCode.Conflict));
            Assert.That(App.OutboxPayloads(nameof(TwoFactorReset), customer.Id.ToString()), Has.Count.EqualTo(1));
            Assert.That(App.CountRows("audit_log", $"entity_id = '{customer.Id}' AND action = 'two_factor.support_reset'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_queue_lists_open_requests_newest_first_and_tells_each_agent_whose_they_are()
    {
        var older = await RequestedAsync(await VerifiedCustomerWithAuthenticatorAsync());
        var newer = await RequestedAsync(await VerifiedCustomerWithAuthenticatorAsync());

        var mine = await AgentAsync(HttpMethod.Get, $"{Requests}?status=pending&pageSize=100");
        var theirs = await AgentAsync(HttpMethod.Get, $"{Requests}?pageSize=100", agent: _second);
        var firstPage = await AgentAsync(HttpMethod.Get, $"{Requests}?page=1&pageSize=1");

        var listed = Ids(mine.Body);
        Assert.Multiple(() =>
        {
            Assert.That(listed.IndexOf(newer), Is.LessThan(listed.IndexOf(older)).And.Not.Negative);
            Assert.That(Item(mine.Body, newer).GetProperty("requestedByMe").GetBoolean(), Is.True);
            Assert.That(Item(theirs.Body, newer).GetProperty("requestedByMe").GetBoolean(), Is.False);
            Assert.That(firstPage.Body.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
            Assert.That(firstPage.Body.GetProperty("total").GetInt32(), Is.GreaterThanOrEqualTo(2));
        });
    }

    [Test]
    public async Task The_gauges_follow_the_oldest_open_request_until_it_is_decided()
    {
        const string Pending = "jade_identity_support_reset_requests_pending";
        const string OldestAge = "jade_identity_support_reset_requests_oldest_pending_age_seconds";
        var requestId = await RequestedAsync(await VerifiedCustomerWithAuthenticatorAsync());
        Age(requestId, "requested_at = now() - interval '3 hours'");

        var waiting = await Eventually.WaitForAsync(ScrapeAsync, s => s.Value(OldestAge) >= 3 * 3600, TimeSpan.FromSeconds(10));
        Assert.That(waiting.Value(Pending), Is.GreaterThanOrEqualTo(1));
        Assert.That(waiting.Value(OldestAge), Is.InRange(3 * 3600, 3 * 3600 + 60), "what the alert reads");

        Assert.That((await DecideAsync(requestId, "reject", "Caller hung up before the checks", _second)).Status, Is.EqualTo(HttpStatusCode.OK));
        var decided = await Eventually.WaitForAsync(ScrapeAsync, s => s.Value(OldestAge) < 3600, TimeSpan.FromSeconds(10));
        Assert.That(decided.Value(OldestAge), Is.LessThan(3600), "a decided request no longer waits");
    }

    private async Task<MetricsScrape> ScrapeAsync()
    {
        using var client = App.CreateClient();
        return await MetricsScrape.FromAsync(client);
    }

    [TestCase("reject", null)]
    [TestCase("reject", "no")]
    [TestCase("approve", "x")]
    public async Task A_bad_decision_names_the_comment_and_changes_nothing(string decision, string? comment)
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        var requestId = await RequestedAsync(customer);

        var answer = await DecideAsync(requestId, decision, decision == "approve" ? new string('x', 501) : comment, _second);

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(answer.Body.GetProperty("errors").TryGetProperty("comment", out _), Is.True, answer.Body.ToString());
            Assert.That(App.CountRows("support_reset_requests", $"id = '{requestId}' AND status = 'pending'"), Is.EqualTo(1));
            Assert.That(TwoFactorEnabled(customer.Id), Is.True);
        });
    }

    [TestCase("approve")]
    [TestCase("reject")]
    public async Task An_unknown_request_is_not_found(string decision)
    {
        var answer = await DecideAsync(Guid.NewGuid(), decision, "Ticket 4723: no such request", _second);
        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(answer.Body.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/reset-request-not-found"));
    }

    [Test]
    public async Task A_wrong_id_changes_nothing_and_is_recorded()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();

        var reset = await RequestAsync(customer.Id, NewPrcId(new DateOnly(1990, 5, 17)), "Ticket 4712: caller says they lost the phone");

        Assert.Multiple(() =>
        {
            Assert.That(reset.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(reset.Body.GetProperty("errors").TryGetProperty("nationalId", out _), Is.True, reset.Body.ToString());
            Assert.That(TwoFactorEnabled(customer.Id), Is.True);
            Assert.That(App.OutboxPayloads(nameof(TwoFactorReset), customer.Id.ToString()), Is.Empty);
            Assert.That(App.CountRows("audit_log", $"action = 'two_factor.support_reset_refused' AND entity_id = '{customer.Id}' AND actor_id = '{_agent.Id}'"),
                Is.EqualTo(1));
            Assert.That(App.CountRows("support_reset_requests", $"customer_id = '{customer.Id}'"), Is.Zero);
            Assert.That(App.OutboxPayloads(nameof(TwoFactorResetRequested), customer.Id.ToString()), Is.Empty);
        });
    }

    [Test]
    public async Task After_three_wrong_ids_in_a_day_even_the_right_one_is_refused()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await RequestAsync(customer.Id, NewPrcId(new DateOnly(1980, 1, 1 + i)), $"Ticket 48{i}: caller lost the phone")).Status);
        }

        var right = await RequestAsync(customer.Id, customer.NationalId, "Ticket 483: caller lost the phone", _second);

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
        var notVerified = await RequestAsync(unverified, "11010519491231002X", "Ticket 4713: lost phone");

        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        var first = await DecideAsync(await RequestedAsync(customer), "approve", null, _second);
        var again = await RequestAsync(customer.Id, customer.NationalId, "Ticket 4714: lost phone");

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

        var reset = await RequestAsync(customer.Id, nationalId, comment);

        Assert.Multiple(() =>
        {
            Assert.That(reset.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(reset.Body.GetProperty("errors").TryGetProperty(field, out _), Is.True, reset.Body.ToString());
            Assert.That(TwoFactorEnabled(customer.Id), Is.True);
            Assert.That(App.CountRows("audit_log", $"entity_id = '{customer.Id}' AND action LIKE 'two_factor.support%'"), Is.Zero);
            Assert.That(App.CountRows("support_reset_requests", $"customer_id = '{customer.Id}'"), Is.Zero);
        });
    }

    [TestCase(Customers + "?email=", "email")]
    [TestCase(Customers + "?email=not-an-address", "email")]
    [TestCase(Requests + "?status=done", "status")]
    [TestCase(Requests + "?page=0", "page")]
    [TestCase(Requests + "?pageSize=101", "pageSize")]
    public async Task A_bad_search_or_queue_query_names_the_field(string url, string field)
    {
        var answer = await AgentAsync(HttpMethod.Get, url);
        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(answer.Body.GetProperty("errors").TryGetProperty(field, out _), Is.True, answer.Body.ToString());
    }

    [Test]
    public async Task Unknown_customers_and_staff_accounts_are_not_found()
    {
        var unknown = await AgentAsync(HttpMethod.Get, $"{Customers}?email={UniqueEmail()}");
        var reset = await RequestAsync(Guid.NewGuid(), "11010519491231002X", "Ticket 4716: lost phone");
        var staff = await RequestAsync(Guid.Parse(_second.Id), "11010519491231002X", "Ticket 4716: lost phone");

        Assert.Multiple(() =>
        {
            Assert.That(unknown.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknown.Body.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/customer-not-found"));
            Assert.That(reset.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(staff.Status, Is.EqualTo(HttpStatusCode.NotFound), "support resets customers, not colleagues");
        });
    }

    [Test]
    public async Task Only_support_agents_may_look_up_ask_or_decide()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        var requestId = await RequestedAsync(customer);
        using var api = App.NewApiClient();
        using var anonymous = await api.GetAsync($"{Customers}?email={customer.Email}");
        using var anonymousQueue = await api.GetAsync(Requests);
        var asCustomer = new List<HttpStatusCode>();
        foreach (var (method, url, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Get, $"{Customers}?email={customer.Email}", null),
            (HttpMethod.Post, $"{Customers}/{customer.Id}/two-factor/reset-requests", new { nationalId = customer.NationalId, comment = "I reset myself" }),
            (HttpMethod.Get, Requests, null),
            (HttpMethod.Post, $"{Requests}/{requestId}/approve", new { comment = "I approve myself" }),
            (HttpMethod.Post, $"{Requests}/{requestId}/reject", new { comment = "I reject myself" }),
        })
        {
            using var response = await api.SendAsync(OidcFlow.Bearer(method, url, customer.Token, body is null ? null : JsonContent.Create(body)));
            asCustomer.Add(response.StatusCode);
        }

        Assert.Multiple(() =>
        {
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(anonymousQueue.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(asCustomer, Is.All.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(TwoFactorEnabled(customer.Id), Is.True);
            Assert.That(App.CountRows("support_reset_requests", $"id = '{requestId}' AND status = 'pending'"), Is.EqualTo(1));
        });
    }

    private sealed record Customer(Guid Id, string Email, string Token, string RefreshToken, string NationalId, Totp Authenticator);

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
        return new Customer(id, email, token, session.RefreshToken!, nationalId, totp);
    }

    [Test]
    public async Task An_agent_sees_where_the_customers_level_3_application_stands_but_not_what_it_declares()
    {
        var customer = await VerifiedCustomerWithAuthenticatorAsync();
        await CustomerAsync(customer.Token, "/api/identity/kyc/upgrade", HttpMethod.Post, new
        {
            occupation = "self_employed", employer = "深圳前海小鱼咨询工作室", sourceOfFunds = "business_income", annualIncome = "500k_1m",
            purpose = "business", address = "深圳市南山区科技园南路 9 号",
        });

        var found = await AgentAsync(HttpMethod.Get, $"{Customers}?email={Uri.EscapeDataString(customer.Email)}");

        Assert.That(found.Status, Is.EqualTo(HttpStatusCode.OK), found.Body.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(found.Body.GetProperty("kycLevel").GetInt32(), Is.EqualTo(2));
            Assert.That(found.Body.GetProperty("kycUpgradeStatus").GetString(), Is.EqualTo("pending"));
            Assert.That(found.Body.ToString(), Does.Not.Contain("深圳").And.Not.Contain("business_income"), "the declaration is the officer's to read");
        });
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

    private Task<(HttpStatusCode Status, JsonElement Body)> RequestAsync(Guid customerId, string? nationalId, string? comment, SupportAgent? agent = null) =>
        AgentAsync(HttpMethod.Post, $"{Customers}/{customerId}/two-factor/reset-requests", new { nationalId, comment }, agent);

    /// <summary>A pending request by the first agent, with the right national id.</summary>
    private async Task<Guid> RequestedAsync(Customer customer)
    {
        var asked = await RequestAsync(customer.Id, customer.NationalId, "Ticket 4700: caller lost the phone and the codes");
        Assert.That(asked.Status, Is.EqualTo(HttpStatusCode.Accepted), asked.Body.ToString());
        return asked.Body.GetProperty("id").GetGuid();
    }

    private async Task<HttpStatusCode> CancelAsync(string customerToken)
    {
        using var api = App.NewApiClient();
        using var response = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, "/api/identity/2fa/support-reset/cancel", customerToken));
        return response.StatusCode;
    }

    /// <summary>Moves a request's times back, as if it had been waiting.</summary>
    private void Age(Guid requestId, string assignments) =>
        Assert.That(Scalar<long>($"WITH aged AS (UPDATE identity.support_reset_requests SET {assignments} WHERE id = @p RETURNING id) "
            + "SELECT count(*) FROM aged", requestId), Is.EqualTo(1));

    private Task<(HttpStatusCode Status, JsonElement Body)> DecideAsync(Guid requestId, string decision, string? comment, SupportAgent agent) =>
        AgentAsync(HttpMethod.Post, $"{Requests}/{requestId}/{decision}", new { comment }, agent);

    private static List<Guid> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    private static JsonElement Item(JsonElement page, Guid id) =>
        page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);

    private async Task<(HttpStatusCode Status, JsonElement Body)> AgentAsync(HttpMethod method, string url, object? body = null, SupportAgent? agent = null)
    {
        using var api = App.NewApiClient();
        using var response = await api.SendAsync(OidcFlow.Bearer(method, url, (agent ?? _agent).Token, body is null ? null : JsonContent.Create(body)));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
