using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jade.Risk.Rules;

namespace Jade.Risk.Tests.Rules;

/// <summary>Four eyes and shadow mode, through the API and their effect on screening.</summary>
public sealed class RuleWorkflowTests : RiskServiceFixture
{
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;

    [OneTimeSetUp]
    public void SignIn()
    {
        _alice = App.Officer("officer-alice", "alice@jade.test");
        _bob = App.Officer("officer-bob", "bob@jade.test");
    }

    [OneTimeTearDown]
    public void SignOut()
    {
        _alice?.Dispose();
        _bob?.Dispose();
    }

    private async Task<RuleView> RuleAsync(string code) =>
        (await _alice.GetFromJsonAsync<List<RuleView>>("/api/risk/rules"))!.Single(r => r.Code == code);

    private static object Change(RuleView rule, string mode, Dictionary<string, long> parameters, string comment = "Tighten after review") =>
        new { mode, action = rule.Action, score = rule.Score, parameters, comment };

    private static Dictionary<string, long> With(RuleView rule, string name, long value) =>
        new(rule.Parameters) { [name] = value };

    [Test]
    public async Task A_change_takes_effect_only_after_a_second_officer_approves_it()
    {
        var rule = await RuleAsync("large_new_payee");
        var proposed = await _alice.PostAsJsonAsync($"/api/risk/rules/{rule.Id}/proposals", Change(rule, "active", With(rule, "minAmount", 200_000)));
        Assert.That(proposed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await proposed.Content.ReadAsStringAsync());
        var proposal = (await proposed.Content.ReadFromJsonAsync<ProposalView>())!;
        var located = await _bob.GetFromJsonAsync<ProposalView>(proposed.Headers.Location);
        Assert.That((located!.Id, located.Status), Is.EqualTo((proposal.Id, "pending")), "the Location names the proposal");

        var selfApproval = await _alice.PostAsJsonAsync($"/api/risk/rules/proposals/{proposal.Id}/approve", new { comment = "lgtm" });
        var stillOld = await ScreenAsync(Transaction(250_000, Guid.CreateVersion7()));
        Assert.Multiple(async () =>
        {
            Assert.That(selfApproval.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(stillOld.Reasons.Select(r => r.Code), Does.Not.Contain("large_new_payee"), "an unapproved change never takes effect");
            Assert.That((await RuleAsync("large_new_payee")).Version, Is.EqualTo(rule.Version));
            Assert.That((await RuleAsync("large_new_payee")).PendingProposal?.Id, Is.EqualTo(proposal.Id));
        });

        var approved = await _bob.PostAsJsonAsync($"/api/risk/rules/proposals/{proposal.Id}/approve", new { comment = "Agreed" });
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approved.Content.ReadAsStringAsync());
        var nowReviewed = await ScreenAsync(Transaction(250_000, Guid.CreateVersion7()));
        var versions = await _alice.GetFromJsonAsync<List<RuleVersionView>>($"/api/risk/rules/{rule.Id}/versions");

        Assert.Multiple(async () =>
        {
            Assert.That(nowReviewed.Outcome, Is.EqualTo("review"));
            Assert.That(nowReviewed.Reasons.Select(r => r.Code), Does.Contain("large_new_payee"));
            Assert.That(versions!.Select(v => v.Version), Is.EqualTo(new[] { rule.Version + 1, rule.Version }));
            Assert.That(versions![0].Parameters["minAmount"], Is.EqualTo(200_000));
            Assert.That(await App.CountAsync("audit_log", "action IN ('rule.propose', 'rule.approve')"), Is.GreaterThanOrEqualTo(2));
        });
        await RestoreAsync(rule);
    }

    [Test]
    public async Task A_shadow_rule_records_what_it_would_have_done_and_never_changes_a_decision()
    {
        var rule = await RuleAsync("structuring");
        await ApplyAsync(rule, Change(rule, "shadow", new Dictionary<string, long>(rule.Parameters) { ["threshold"] = 10_000, ["bandPercent"] = 50, ["minCount"] = 1 }));

        var screened = await ScreenAsync(Transaction(9_000, Guid.CreateVersion7()));
        var shadow = await _alice.GetFromJsonAsync<ShadowResultPage>($"/api/risk/rules/{rule.Id}/shadow-results");
        var listed = await RuleAsync("structuring");

        Assert.Multiple(() =>
        {
            Assert.That(screened.Outcome, Is.EqualTo("approve"), "shadow rules never act");
            Assert.That(screened.Reasons, Is.Empty);
            Assert.That(shadow!.Items.Select(i => i.DecisionId), Does.Contain(screened.DecisionId));
            Assert.That(shadow.Items.Single(i => i.DecisionId == screened.DecisionId).WouldHaveBeen, Is.EqualTo("review"));
            Assert.That(listed.ShadowHits7d, Is.GreaterThanOrEqualTo(1));
        });
        await RestoreAsync(listed);
    }

    [Test]
    public async Task A_rejected_proposal_changes_nothing_and_a_second_pending_proposal_is_refused()
    {
        var rule = await RuleAsync("velocity_device");
        var first = await _alice.PostAsJsonAsync($"/api/risk/rules/{rule.Id}/proposals", Change(rule, "disabled", rule.Parameters.ToDictionary()));
        var second = await _bob.PostAsJsonAsync($"/api/risk/rules/{rule.Id}/proposals", Change(rule, "shadow", rule.Parameters.ToDictionary()));
        var proposal = (await first.Content.ReadFromJsonAsync<ProposalView>())!;
        var rejected = await _bob.PostAsJsonAsync($"/api/risk/rules/proposals/{proposal.Id}/reject", new { comment = "Needed" });
        var lateApproval = await _bob.PostAsJsonAsync($"/api/risk/rules/proposals/{proposal.Id}/approve", new { comment = "" });
        // Filed under the rule, as its proposal and approvals are, with the proposal before and the verdict after.
        var audit = await AuditAsync("rule.reject", "velocity_device");

        Assert.Multiple(async () =>
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(lateApproval.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await RuleAsync("velocity_device")).Mode, Is.EqualTo("active"));
            Assert.That(audit, Has.Count.EqualTo(1));
            Assert.That(audit[0].Before.GetProperty("id").GetGuid(), Is.EqualTo(proposal.Id));
            Assert.That(audit[0].Before.GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(audit[0].Before.GetProperty("mode").GetString(), Is.EqualTo("disabled"));
            Assert.That(audit[0].After.GetProperty("proposalId").GetGuid(), Is.EqualTo(proposal.Id));
            Assert.That(audit[0].After.GetProperty("status").GetString(), Is.EqualTo("rejected"));
            Assert.That(audit[0].After.GetProperty("comment").GetString(), Is.EqualTo("Needed"));
        });
    }

    [Test]
    public async Task An_approval_racing_a_rejection_leaves_one_verdict_that_the_rule_agrees_with()
    {
        using var carol = App.Officer("officer-carol", "carol@jade.test");
        for (var round = 0; round < 6; round++)
        {
            // The rule as it is, so whichever verdict wins, screening behaves the same.
            var rule = await RuleAsync("velocity_payee");
            var proposed = await _alice.PostAsJsonAsync($"/api/risk/rules/{rule.Id}/proposals", Change(rule, "active", rule.Parameters.ToDictionary(), $"Round {round}"));
            Assert.That(proposed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await proposed.Content.ReadAsStringAsync());
            var proposal = (await proposed.Content.ReadFromJsonAsync<ProposalView>())!;

            var answers = await Task.WhenAll(
                _bob.PostAsJsonAsync($"/api/risk/rules/proposals/{proposal.Id}/approve", new { comment = "Approve" }),
                carol.PostAsJsonAsync($"/api/risk/rules/proposals/{proposal.Id}/reject", new { comment = "Reject" }));
            var (approve, reject) = (answers[0].StatusCode, answers[1].StatusCode);
            var after = await _alice.GetFromJsonAsync<ProposalView>($"/api/risk/rules/proposals/{proposal.Id}");
            var versions = await _alice.GetFromJsonAsync<List<RuleVersionView>>($"/api/risk/rules/{rule.Id}/versions");

            Assert.Multiple(() =>
            {
                Assert.That(new[] { approve, reject }.Order(), Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }), $"round {round}: one verdict");
                var approved = approve == HttpStatusCode.OK;
                Assert.That(after!.Status, Is.EqualTo(approved ? "approved" : "rejected"), $"round {round}");
                Assert.That(versions![0].Version, Is.EqualTo(approved ? rule.Version + 1 : rule.Version), $"round {round}");
            });
        }
    }

    [Test]
    public async Task A_decision_comment_with_control_characters_is_a_400_and_the_proposal_stays_pending()
    {
        var rule = await RuleAsync("kyc_amount_limit");
        var proposed = await _alice.PostAsJsonAsync($"/api/risk/rules/{rule.Id}/proposals", Change(rule, "active", rule.Parameters.ToDictionary()));
        var proposal = (await proposed.Content.ReadFromJsonAsync<ProposalView>())!;
        var approve = await _bob.PostAsJsonAsync($"/api/risk/rules/proposals/{proposal.Id}/approve", new { comment = "ok\u0000" });
        var reject = await _bob.PostAsJsonAsync($"/api/risk/rules/proposals/{proposal.Id}/reject", new { comment = "no\u0007" });
        var multiLine = await _bob.PostAsJsonAsync($"/api/risk/rules/proposals/{proposal.Id}/reject", new { comment = "Not now.\r\nAsk again in Q1." });

        Assert.Multiple(async () =>
        {
            foreach (var response in new[] { approve, reject })
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
                Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("comment"), Is.True);
            }
            Assert.That(multiLine.StatusCode, Is.EqualTo(HttpStatusCode.OK), "line breaks are fine in a comment");
            Assert.That((await RuleAsync("kyc_amount_limit")).Version, Is.EqualTo(rule.Version));
        });
    }

    private static IEnumerable<TestCaseData> OutOfRangeParameters()
    {
        // Once made every screening throw (AddMinutes), in shadow mode too.
        yield return new TestCaseData("rapid_in_out", "windowMinutes", 2_000_000_000L);
        yield return new TestCaseData("rapid_in_out", "windowMinutes", 24 * 60 + 1L);
        // Overflowed the rule's long arithmetic.
        yield return new TestCaseData("structuring", "bandPercent", 9_000_000_000_000L);
        yield return new TestCaseData("rapid_in_out", "outPercent", 101L);
        // Silently switched the rule off: no match scores over 100 %, no probability over 1000 ‰.
        yield return new TestCaseData("sanctioned_payee", "minScorePercent", 101L);
        yield return new TestCaseData("fraud_model", "reviewAtPermille", 1_001L);
        yield return new TestCaseData("structuring", "minCount", 0L);
        yield return new TestCaseData("new_device_high_amount", "requireNewIp", 2L);
        yield return new TestCaseData("velocity_payer", "maxSum24h", 1_000_000_000_001L);
        yield return new TestCaseData("kyc_amount_limit", "level1MaxAmount", -1L);
    }

    [TestCaseSource(nameof(OutOfRangeParameters))]
    public async Task A_parameter_outside_its_rules_range_is_a_400_naming_it_and_the_range_and_nothing_is_proposed(string code, string name, long value)
    {
        var rule = await RuleAsync(code);
        var before = await App.CountAsync("rule_proposals", $"rule_id = '{rule.Id}'");
        var auditBefore = await App.CountAsync("audit_log", "action = 'rule.propose'");
        var response = await _alice.PostAsJsonAsync($"/api/risk/rules/{rule.Id}/proposals", Change(rule, "shadow", With(rule, name, value)));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        var range = StarterRulesRange(code, name);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            var errors = problem!["errors"]!.AsObject();
            Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { $"parameters.{name}" }), problem.ToJsonString());
            Assert.That(errors[$"parameters.{name}"]![0]!.GetValue<string>(), Does.Contain($"{range.Min} to {range.Max}"));
            Assert.That(await App.CountAsync("rule_proposals", $"rule_id = '{rule.Id}'"), Is.EqualTo(before));
            Assert.That(await App.CountAsync("audit_log", "action = 'rule.propose'"), Is.EqualTo(auditBefore));
        });
    }

    private static ParameterRange StarterRulesRange(string code, string name) => Jade.Risk.Rules.Starter.StarterRules.Find(code)!.Ranges[name];

    [Test]
    public async Task The_OpenAPI_document_lists_the_refusals_of_the_officer_and_screening_routes()
    {
        using var document = JsonDocument.Parse(await App.CreateClient().GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        string[] Responses(string path, string method) =>
            [.. paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name)];

        Assert.Multiple(() =>
        {
            Assert.That(Responses("/api/risk/rules/{id}/proposals", "post"), Is.SupersetOf(new[] { "201", "400", "404", "409" }));
            Assert.That(Responses("/api/risk/rules/proposals/{proposalId}/approve", "post"), Is.SupersetOf(new[] { "200", "400", "403", "404", "409" }));
            Assert.That(Responses("/api/risk/rules/proposals/{proposalId}/reject", "post"), Is.SupersetOf(new[] { "200", "400", "404", "409" }));
            Assert.That(Responses("/api/risk/rules/proposals/{proposalId}", "get"), Is.SupersetOf(new[] { "200", "404" }));
            Assert.That(Responses("/api/risk/cases/{id}/claim", "post"), Is.SupersetOf(new[] { "200", "404", "409" }));
            Assert.That(Responses("/api/risk/cases/{id}/release", "post"), Is.SupersetOf(new[] { "200", "404", "409" }));
            Assert.That(Responses("/api/risk/cases/{id}/decision", "post"), Is.SupersetOf(new[] { "200", "400", "404", "409" }));
            Assert.That(Responses("/api/risk/screenings", "post"), Is.SupersetOf(new[] { "200", "400", "503" }));
        });
    }

    private sealed record AuditEntry(JsonElement Before, JsonElement After);

    private async Task<List<AuditEntry>> AuditAsync(string action, string entityId)
    {
        await using var connection = App.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT before, after FROM risk.audit_log WHERE action = @action AND entity = 'rule' AND entity_id = @id ORDER BY id";
        command.Parameters.AddWithValue("action", action);
        command.Parameters.AddWithValue("id", entityId);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new AuditEntry(JsonDocument.Parse(reader.GetString(0)).RootElement.Clone(), JsonDocument.Parse(reader.GetString(1)).RootElement.Clone()));
        }
        return entries;
    }

    private static IEnumerable<TestCaseData> BadProposals()
    {
        yield return new TestCaseData("mode", new { mode = "loud", action = "review", score = 1, parameters = new { minAmount = 1 }, comment = "c" });
        yield return new TestCaseData("action", new { mode = "active", action = "block", score = 1, parameters = new { minAmount = 1 }, comment = "c" });
        yield return new TestCaseData("score", new { mode = "active", action = "review", score = 1001, parameters = new { minAmount = 1 }, comment = "c" });
        yield return new TestCaseData("comment", new { mode = "active", action = "review", score = 1, parameters = new { minAmount = 1 }, comment = "" });
        yield return new TestCaseData("comment", new { mode = "active", action = "review", score = 1, parameters = new { minAmount = 1 }, comment = "Raise\u0000" });
        yield return new TestCaseData("parameters.maxAmount", new { mode = "active", action = "review", score = 1, parameters = new { minAmount = 1, maxAmount = 2 }, comment = "c" });
        yield return new TestCaseData("parameters.minAmount", new { mode = "active", action = "review", score = 1, parameters = new { minAmount = -1 }, comment = "c" });
        yield return new TestCaseData("parameters", new { mode = "active", action = "review", score = 1, comment = "c" });
    }

    [TestCaseSource(nameof(BadProposals))]
    public async Task A_bad_proposal_is_a_400_naming_the_field_and_nothing_is_proposed(string field, object body)
    {
        var rule = await RuleAsync("new_device_high_amount");
        var response = await _alice.PostAsJsonAsync($"/api/risk/rules/{rule.Id}/proposals", body);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem!["errors"]!.AsObject().ContainsKey(field), Is.True, problem.ToJsonString());
            Assert.That(await App.CountAsync("rule_proposals", $"rule_id = '{rule.Id}'"), Is.Zero);
        });
    }

    [Test]
    public async Task Only_officers_edit_rules()
    {
        var rule = await RuleAsync("rapid_in_out");
        var customer = App.Customer(Guid.CreateVersion7());
        Assert.Multiple(async () =>
        {
            Assert.That((await customer.GetAsync("/api/risk/rules")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await customer.PostAsJsonAsync($"/api/risk/rules/{rule.Id}/proposals", Change(rule, "disabled", rule.Parameters.ToDictionary()))).StatusCode,
                Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await App.CreateClient().GetAsync("/api/risk/rules")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    private async Task ApplyAsync(RuleView rule, object change)
    {
        var proposed = await _alice.PostAsJsonAsync($"/api/risk/rules/{rule.Id}/proposals", change);
        Assert.That(proposed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await proposed.Content.ReadAsStringAsync());
        var proposal = (await proposed.Content.ReadFromJsonAsync<ProposalView>())!;
        var approved = await _bob.PostAsJsonAsync($"/api/risk/rules/proposals/{proposal.Id}/approve", new { comment = "ok" });
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approved.Content.ReadAsStringAsync());
    }

    /// <summary>Puts a rule back to its starter settings (through four eyes too), so tests do not leak into each other.</summary>
    private Task RestoreAsync(RuleView original) =>
        ApplyAsync(original, new { mode = "active", action = original.Action, score = original.Score,
            parameters = Jade.Risk.Rules.Starter.StarterRules.Find(original.Code)!.DefaultParameters, comment = "Restore" });
}
