using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jade.Contracts.Payments;
using Jade.Contracts.Risk;
using Jade.Persistence;
using Jade.Persistence.Idempotency;
using Jade.Risk.Cases;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Tests.Cases;

public sealed partial class CaseTests : RiskServiceFixture
{
    private HttpClient _alice = null!;

    [OneTimeSetUp]
    public void SignIn() => _alice = App.Officer("officer-alice", "alice@jade.test");

    [OneTimeTearDown]
    public void SignOut() => _alice?.Dispose();

    /// <summary>A transaction reviewed for velocity: five quick payments, then a sixth.</summary>
    private async Task<Guid> ReviewCaseAsync()
    {
        var customer = Guid.CreateVersion7();
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++) await ScreenAsync(Transaction(1_000, customer, at: at.AddSeconds(i)));
        var reviewed = await ScreenAsync(Transaction(2_000, customer, at: at.AddSeconds(6)));
        Assert.That(reviewed.CaseId, Is.Not.Null);
        return reviewed.CaseId!.Value;
    }

    [Test]
    public async Task An_open_case_is_in_the_queue_with_its_context_and_the_customers_history()
    {
        var caseId = await ReviewCaseAsync();
        var queue = await _alice.GetFromJsonAsync<CasePage>("/api/risk/cases?status=open&kind=transaction&pageSize=100");
        var detail = await _alice.GetFromJsonAsync<JsonObject>($"/api/risk/cases/{caseId}");

        Assert.Multiple(() =>
        {
            Assert.That(queue!.Items.Select(i => i.Id), Does.Contain(caseId));
            Assert.That(detail!["status"]!.GetValue<string>(), Is.EqualTo("open"));
            Assert.That(detail["context"]!["transaction"]!["amount"]!.GetValue<long>(), Is.EqualTo(2_000));
            Assert.That(detail["context"]!["decision"]!["outcome"]!.GetValue<string>(), Is.EqualTo("review"));
            Assert.That(detail["history"]!.AsArray(), Has.Count.EqualTo(6));
            Assert.That(detail["reasons"]!.AsArray().Select(r => r!["code"]!.GetValue<string>()), Does.Contain("velocity_payer.count_1m"));
        });
    }

    [Test]
    public async Task A_decision_resolves_the_case_once_publishes_it_and_is_audited()
    {
        var caseId = await ReviewCaseAsync();
        var decided = await _alice.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision = "approve", comment = "Known customer, paying a club." });
        var again = await _alice.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision = "decline", comment = "Second thoughts" });

        Assert.Multiple(async () =>
        {
            Assert.That(decided.StatusCode, Is.EqualTo(HttpStatusCode.OK), await decided.Content.ReadAsStringAsync());
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            var resolved = await OutboxAsync<CaseResolved>("payload->>'caseId' = @id", caseId);
            Assert.That(resolved.Select(r => r.Resolution), Is.EqualTo(new[] { "approve" }));
            Assert.That(await App.CountAsync("audit_log", $"action = 'case.resolve' AND entity_id = '{caseId}' AND actor_id = 'officer-alice'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_decision_retried_with_its_idempotency_key_gets_the_first_answer_not_a_conflict()
    {
        var caseId = await ReviewCaseAsync();
        async Task<HttpResponseMessage> DecideAsync(string decision, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/risk/cases/{caseId}/decision")
            {
                Content = JsonContent.Create(new { decision, comment = "Known customer." }),
            };
            request.Headers.Add(IdempotencyKeys.Header, key);
            return await _alice.SendAsync(request);
        }

        var first = await DecideAsync("approve", $"decide-{caseId}");
        var retry = await DecideAsync("approve", $"decide-{caseId}");
        var changedMind = await DecideAsync("decline", $"decide-{caseId}");

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a retry is answered, not refused as already decided");
            Assert.That(await retry.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
            Assert.That(retry.Headers.GetValues(IdempotencyKeys.ReplayedHeader), Is.EqualTo(new[] { "true" }));
            Assert.That(changedMind.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "the same key for another decision");
            Assert.That(await OutboxAsync<CaseResolved>("payload->>'caseId' = @id", caseId), Has.Count.EqualTo(1));
            Assert.That(await App.CountAsync("audit_log", $"action = 'case.resolve' AND entity_id = '{caseId}'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Concurrent_decisions_on_one_case_resolve_it_exactly_once()
    {
        var caseId = await ReviewCaseAsync();
        var bob = App.Officer("officer-bob", "bob@jade.test");
        var responses = await Task.WhenAll(
            _alice.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision = "approve", comment = "ok" }),
            bob.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision = "decline", comment = "no" }));

        Assert.Multiple(async () =>
        {
            Assert.That(responses.Select(r => r.StatusCode), Is.EquivalentTo(new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
            Assert.That(await OutboxAsync<CaseResolved>("payload->>'caseId' = @id", caseId), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_case_whose_payment_failed_first_is_withdrawn_and_left_undecided()
    {
        var caseId = await ReviewCaseAsync();
        var paymentId = Guid.Parse((await Scalar($"SELECT subject_id FROM risk.cases WHERE id = '{caseId}'"))!);

        await DeliverAsync(Failed(paymentId, "cancelled_by_payer"),
            () => App.CountAsync("cases", $"id = '{caseId}' AND status = 'withdrawn'"), n => n == 1);
        var decided = await _alice.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision = "approve", comment = "Too late" });
        var detail = await _alice.GetFromJsonAsync<JsonObject>($"/api/risk/cases/{caseId}");
        var withdrawn = await _alice.GetFromJsonAsync<CasePage>("/api/risk/cases?status=withdrawn&pageSize=100");
        var open = await _alice.GetFromJsonAsync<CasePage>("/api/risk/cases?status=open&pageSize=100");

        Assert.Multiple(async () =>
        {
            Assert.That(decided.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await decided.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), Does.Contain("withdrawn"));
            Assert.That(detail!["status"]!.GetValue<string>(), Is.EqualTo("withdrawn"));
            Assert.That(detail["comment"]!.GetValue<string>(), Does.Contain("cancelled_by_payer"));
            Assert.That(withdrawn!.Items.Select(i => i.Id), Does.Contain(caseId));
            Assert.That(open!.Items.Select(i => i.Id), Does.Not.Contain(caseId), "no longer in the officers' queue");
            Assert.That(await OutboxAsync<CaseResolved>("payload->>'caseId' = @id", caseId), Is.Empty, "nothing was decided");
            Assert.That(await App.CountAsync("audit_log", $"action = 'case.withdraw' AND entity_id = '{caseId}' AND actor_id = 'payments'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_decided_case_stays_decided_when_its_payment_fails_afterwards()
    {
        var caseId = await ReviewCaseAsync();
        var paymentId = Guid.Parse((await Scalar($"SELECT subject_id FROM risk.cases WHERE id = '{caseId}'"))!);
        await _alice.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision = "decline", comment = "Mule pattern" });

        // The failure the decline causes comes back as an event (published once); another case's failure, published
        // after it on the same queue, shows when it has been handled.
        await DeliverAsync(Failed(paymentId, "review_declined"), () => Task.FromResult(true), _ => true);
        var laterCase = await ReviewCaseAsync();
        var laterPayment = Guid.Parse((await Scalar($"SELECT subject_id FROM risk.cases WHERE id = '{laterCase}'"))!);
        await DeliverAsync(Failed(laterPayment, "review_timeout"),
            () => App.CountAsync("cases", $"id = '{laterCase}' AND status = 'withdrawn'"), n => n == 1);

        Assert.That(await App.CountAsync("cases", $"id = '{caseId}' AND status = 'resolved' AND resolution = 'decline'"), Is.EqualTo(1));
    }

    private static PaymentFailed Failed(Guid paymentId, string reason) => new(paymentId, "p2p", Guid.CreateVersion7(), Guid.CreateVersion7(), 2_000, "CNY",
        "a***e@example.com", "b***b@example.com", null, null, reason, "NARR", DateTimeOffset.UtcNow);

    private async Task<string?> Scalar(string sql)
    {
        await using var connection = App.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    [TestCase("""{ "decision": "maybe", "comment": "x" }""", "decision")]
    [TestCase("""{ "decision": "approve", "comment": "  " }""", "comment")]
    [TestCase("""{ "decision": "approve" }""", "comment")]
    [TestCase("""{ "decision": "approve", "comment": "ok\u0000" }""", "comment")]
    [TestCase("""{ "decision": "approve", "comment": "ok\u001b[31m" }""", "comment")]
    public async Task A_bad_decision_is_a_400_naming_the_field_and_leaves_the_case_open(string body, string field)
    {
        var caseId = await ReviewCaseAsync();
        var response = await _alice.PostAsync($"/api/risk/cases/{caseId}/decision", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem!["errors"]!.AsObject().ContainsKey(field), Is.True);
            Assert.That(await App.CountAsync("cases", $"id = '{caseId}' AND status = 'open'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Only_risk_officers_see_or_decide_cases()
    {
        var caseId = await ReviewCaseAsync();
        var customer = App.Customer(Guid.CreateVersion7());
        var screener = App.Screener();
        Assert.Multiple(async () =>
        {
            Assert.That((await customer.GetAsync("/api/risk/cases")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await customer.GetAsync($"/api/risk/cases/{caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await screener.GetAsync("/api/risk/cases")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await customer.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision = "approve", comment = "mine" })).StatusCode,
                Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await _alice.GetAsync($"/api/risk/cases/{Guid.CreateVersion7()}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await App.CountAsync("cases", $"id = '{caseId}' AND status = 'open'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_audit_trail_verifies_and_an_edited_record_is_detected()
    {
        var caseId = await ReviewCaseAsync();
        await _alice.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision = "decline", comment = "Mule pattern confirmed." });
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RiskDb>();
        var trail = await db.Audit.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        Assert.That(AuditTrail.Verify(trail), Is.Null, "the untouched trail verifies");

        var edited = trail.Select(r => r.Id == trail[0].Id ? Tamper(r) : r).ToList();
        Assert.That(AuditTrail.Verify(edited), Is.EqualTo(trail[0].Id));
    }

    private static AuditRecord Tamper(AuditRecord r) => new()
    {
        Id = r.Id, At = r.At, ActorId = "someone-else", ActorName = r.ActorName, Action = r.Action, Entity = r.Entity,
        EntityId = r.EntityId, Before = r.Before, After = r.After, SourceIp = r.SourceIp, PreviousHash = r.PreviousHash, Hash = r.Hash,
    };

    [TestCase("status=closed", "status")]
    [TestCase("kind=loan", "kind")]
    [TestCase("pageSize=500", "pageSize")]
    [TestCase("page=0", "page")]
    [TestCase("resolution=maybe", "resolution")]
    [TestCase("assignee=bob", "assignee")]
    public async Task A_bad_queue_filter_is_a_400_naming_it(string query, string field)
    {
        var response = await _alice.GetAsync($"/api/risk/cases?{query}");
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem!["errors"]!.AsObject().ContainsKey(field), Is.True);
        });
    }
}
