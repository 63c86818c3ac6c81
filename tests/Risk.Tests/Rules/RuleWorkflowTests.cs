using System.Net;
using System.Net.Http.Json;
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

        Assert.Multiple(async () =>
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(lateApproval.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await RuleAsync("velocity_device")).Mode, Is.EqualTo("active"));
        });
    }

    private static IEnumerable<TestCaseData> BadProposals()
    {
        yield return new TestCaseData("mode", new { mode = "loud", action = "review", score = 1, parameters = new { minAmount = 1 }, comment = "c" });
        yield return new TestCaseData("action", new { mode = "active", action = "block", score = 1, parameters = new { minAmount = 1 }, comment = "c" });
        yield return new TestCaseData("score", new { mode = "active", action = "review", score = 1001, parameters = new { minAmount = 1 }, comment = "c" });
        yield return new TestCaseData("comment", new { mode = "active", action = "review", score = 1, parameters = new { minAmount = 1 }, comment = "" });
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
