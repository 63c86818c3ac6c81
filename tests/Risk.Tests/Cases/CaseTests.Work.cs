using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jade.Contracts.Risk;
using Jade.Risk.Cases;

namespace Jade.Risk.Tests.Cases;

/// <summary>Officers sharing the queue: claiming, taking over and releasing cases, and the notes they keep.</summary>
public sealed partial class CaseTests
{
    private Task<HttpResponseMessage> ClaimAsync(HttpClient officer, Guid caseId, bool takeOver = false) =>
        officer.PostAsJsonAsync($"/api/risk/cases/{caseId}/claim", new { takeOver });

    private static async Task<JsonObject> BodyAsync(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    private async Task<List<Guid>> QueueAsync(HttpClient officer, string assignee) =>
        [.. (await officer.GetFromJsonAsync<CasePage>($"/api/risk/cases?status=open&assignee={assignee}&pageSize=100"))!.Items.Select(i => i.Id)];

    [Test]
    public async Task A_claimed_case_is_decided_only_by_its_assignee_until_another_officer_takes_it_over()
    {
        var caseId = await ReviewCaseAsync();
        using var bob = App.Officer("officer-bob", "bob@jade.test");

        var claimed = await ClaimAsync(_alice, caseId);
        var claimedAgain = await ClaimAsync(_alice, caseId);
        var asBobSees = await bob.GetFromJsonAsync<JsonObject>($"/api/risk/cases/{caseId}");
        var bobClaims = await ClaimAsync(bob, caseId);
        var bobDecides = await bob.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision = "decline", comment = "Looks like a mule." });
        var bobReleases = await bob.PostAsync($"/api/risk/cases/{caseId}/release", null);
        var alicesQueue = await QueueAsync(_alice, "me");
        var unclaimed = await QueueAsync(_alice, "none");

        Assert.Multiple(async () =>
        {
            Assert.That(claimed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await claimed.Content.ReadAsStringAsync());
            var assignee = (await BodyAsync(claimed))["assignee"]!;
            Assert.That((assignee["name"]!.GetValue<string>(), assignee["isMe"]!.GetValue<bool>()), Is.EqualTo(("alice@jade.test", true)));
            Assert.That(claimedAgain.StatusCode, Is.EqualTo(HttpStatusCode.OK), "claiming one's own case again changes nothing");
            Assert.That((asBobSees!["assignee"]!["name"]!.GetValue<string>(), asBobSees["assignee"]!["isMe"]!.GetValue<bool>()),
                Is.EqualTo(("alice@jade.test", false)));
            Assert.That(bobClaims.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await BodyAsync(bobClaims))["assignee"]!.GetValue<string>(), Is.EqualTo("alice@jade.test"));
            Assert.That(bobDecides.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await BodyAsync(bobDecides))["type"]!.GetValue<string>(), Is.EqualTo(CaseWork.AssignedElsewhereType));
            Assert.That(bobReleases.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "only the assignee releases a case");
            Assert.That(alicesQueue, Does.Contain(caseId));
            Assert.That(unclaimed, Does.Not.Contain(caseId));
            Assert.That(await App.CountAsync("cases", $"id = '{caseId}' AND status = 'open' AND assigned_to = 'officer-alice'"), Is.EqualTo(1));
            Assert.That(await App.CountAsync("audit_log", $"action = 'case.claim' AND entity_id = '{caseId}' AND actor_id = 'officer-alice'"), Is.EqualTo(1));
        });

        var tookOver = await ClaimAsync(bob, caseId, takeOver: true);
        var aliceDecides = await _alice.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision = "approve", comment = "Known customer." });
        var released = await bob.PostAsync($"/api/risk/cases/{caseId}/release", null);
        var unclaimedAfter = await QueueAsync(_alice, "none");
        var decided = await _alice.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision = "approve", comment = "Known customer." });

        Assert.Multiple(async () =>
        {
            Assert.That(tookOver.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await App.CountAsync("audit_log",
                $"action = 'case.take_over' AND entity_id = '{caseId}' AND actor_id = 'officer-bob' AND before LIKE '%officer-alice%'"), Is.EqualTo(1));
            Assert.That(aliceDecides.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "the case is Bob's now");
            Assert.That(released.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await BodyAsync(released))["assignee"], Is.Null);
            Assert.That(await App.CountAsync("audit_log", $"action = 'case.release' AND entity_id = '{caseId}' AND actor_id = 'officer-bob'"), Is.EqualTo(1));
            Assert.That(unclaimedAfter, Does.Contain(caseId));
            Assert.That(decided.StatusCode, Is.EqualTo(HttpStatusCode.OK), "anyone decides a case nobody holds");
            Assert.That(await OutboxAsync<CaseResolved>("payload->>'caseId' = @id", caseId), Has.Count.EqualTo(1));
            Assert.That((await ClaimAsync(_alice, caseId)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a decided case is not worked on");
        });
    }

    [Test]
    public async Task Two_officers_claiming_one_case_at_once_get_one_claim()
    {
        var caseId = await ReviewCaseAsync();
        using var bob = App.Officer("officer-bob", "bob@jade.test");

        var answers = await Task.WhenAll(ClaimAsync(_alice, caseId), ClaimAsync(bob, caseId));

        Assert.Multiple(async () =>
        {
            Assert.That(answers.Select(a => a.StatusCode), Is.EquivalentTo(new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
            Assert.That(await App.CountAsync("audit_log", $"action IN ('case.claim', 'case.take_over') AND entity_id = '{caseId}'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Notes_are_kept_in_order_by_any_officer_encrypted_at_rest_and_audited_without_their_text()
    {
        var caseId = await ReviewCaseAsync();
        using var bob = App.Officer("officer-bob", "bob@jade.test");

        var first = await _alice.PostAsJsonAsync($"/api/risk/cases/{caseId}/notes", new { text = "  Called the customer on 138****5678.\nPaying a sports club.  " });
        await _alice.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision = "approve", comment = "Club fees." });
        var afterDecision = await bob.PostAsJsonAsync($"/api/risk/cases/{caseId}/notes", new { text = "Filed under ref SAR-0042." });
        var detail = await _alice.GetFromJsonAsync<JsonObject>($"/api/risk/cases/{caseId}");
        var notes = detail!["notes"]!.AsArray();

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(afterDecision.StatusCode, Is.EqualTo(HttpStatusCode.Created), "a note may follow the decision");
            Assert.That(notes.Select(n => (n!["author"]!.GetValue<string>(), n["text"]!.GetValue<string>())), Is.EqualTo(new[]
            {
                ("alice@jade.test", "Called the customer on 138****5678.\nPaying a sports club."),
                ("bob@jade.test", "Filed under ref SAR-0042."),
            }));
            Assert.That(await App.CountAsync("case_notes", $"case_id = '{caseId}' AND text LIKE '%sports club%'"), Is.Zero, "stored encrypted");
            Assert.That(await App.CountAsync("audit_log", $"action = 'case.note' AND entity_id = '{caseId}'"), Is.EqualTo(2));
            Assert.That(await App.CountAsync("audit_log", $"action = 'case.note' AND after LIKE '%sports%'"), Is.Zero);
        });
    }

    [TestCase("""{ "text": "" }""")]
    [TestCase("""{ "text": "   " }""")]
    [TestCase("""{ }""")]
    [TestCase("""{ "text": "ring\u0007bell" }""")]
    public async Task A_bad_note_is_a_400_naming_the_text_and_writes_nothing(string body)
    {
        var caseId = await ReviewCaseAsync();

        var response = await _alice.PostAsync($"/api/risk/cases/{caseId}/notes", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await BodyAsync(response))["errors"]!.AsObject().ContainsKey("text"), Is.True);
            Assert.That(await App.CountAsync("case_notes", $"case_id = '{caseId}'"), Is.Zero);
        });
    }

    [Test]
    public async Task Notes_and_claims_are_for_officers_on_cases_that_exist()
    {
        var caseId = await ReviewCaseAsync();
        using var customer = App.Customer(Guid.CreateVersion7());

        Assert.Multiple(async () =>
        {
            Assert.That((await _alice.PostAsJsonAsync($"/api/risk/cases/{caseId}/notes", new { text = new string('x', 1001) })).StatusCode,
                Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await _alice.PostAsJsonAsync($"/api/risk/cases/{Guid.CreateVersion7()}/notes", new { text = "Lost?" })).StatusCode,
                Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await ClaimAsync(_alice, Guid.CreateVersion7())).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await customer.PostAsJsonAsync($"/api/risk/cases/{caseId}/notes", new { text = "Mine" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await ClaimAsync(customer, caseId)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await App.CountAsync("case_notes", $"case_id = '{caseId}'"), Is.Zero);
            Assert.That(await App.CountAsync("cases", $"id = '{caseId}' AND assigned_to IS NULL"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Resolved_cases_are_filtered_by_their_resolution()
    {
        var approved = await ReviewCaseAsync();
        var declined = await ReviewCaseAsync();
        await _alice.PostAsJsonAsync($"/api/risk/cases/{approved}/decision", new { decision = "approve", comment = "Known payee." });
        await _alice.PostAsJsonAsync($"/api/risk/cases/{declined}/decision", new { decision = "decline", comment = "Mule pattern." });

        var declines = (await _alice.GetFromJsonAsync<CasePage>("/api/risk/cases?status=resolved&resolution=decline&pageSize=100"))!.Items;

        Assert.Multiple(() =>
        {
            Assert.That(declines.Select(i => i.Id), Does.Contain(declined).And.Not.Contain(approved));
            Assert.That(declines.Select(i => i.Resolution), Is.All.EqualTo("decline"));
        });
    }
}
