using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jade.Contracts.Identity;
using Jade.Contracts.Risk;

namespace Jade.Risk.Tests.Kyc;

public sealed class KycScreeningTests : RiskServiceFixture
{
    private Task<List<KycScreeningCompleted>> VerdictsAsync(Guid submission) =>
        OutboxAsync<KycScreeningCompleted>("payload->>'submissionId' = @id", submission);

    [Test]
    public async Task A_clean_applicant_is_cleared_without_a_case()
    {
        var submission = new KycSubmitted(Guid.CreateVersion7(), Guid.CreateVersion7(), "张伟明", new DateOnly(1990, 3, 7), "CN", DateTimeOffset.UtcNow);
        var verdicts = await DeliverAsync(submission, () => VerdictsAsync(submission.SubmissionId), v => v.Count > 0);

        Assert.Multiple(async () =>
        {
            Assert.That(verdicts.Select(v => v.Outcome), Is.EqualTo(new[] { KycOutcomes.Cleared }));
            Assert.That(await App.CountAsync("cases", $"subject_id = '{submission.SubmissionId}'"), Is.Zero);
        });
    }

    [Test]
    public async Task A_possible_sanctions_match_opens_a_case_and_the_officers_decline_rejects_the_applicant()
    {
        var submission = new KycSubmitted(Guid.CreateVersion7(), Guid.CreateVersion7(), "Kim Jong Un", new DateOnly(1984, 1, 8), "KP", DateTimeOffset.UtcNow);
        var verdicts = await DeliverAsync(submission, () => VerdictsAsync(submission.SubmissionId), v => v.Count > 0);
        Assert.That(verdicts.Single().Outcome, Is.EqualTo(KycOutcomes.Review));
        var caseId = verdicts.Single().CaseId!.Value;

        var officer = App.Officer("officer-alice", "alice@jade.test");
        var detail = await officer.GetFromJsonAsync<JsonObject>($"/api/risk/cases/{caseId}");
        Assert.Multiple(() =>
        {
            Assert.That(detail!["kind"]!.GetValue<string>(), Is.EqualTo("kyc"));
            Assert.That(detail["context"]!["kyc"]!["legalName"]!.GetValue<string>(), Is.EqualTo("Kim Jong Un"));
            Assert.That(detail["context"]!["kyc"]!["matches"]!.AsArray(), Is.Not.Empty);
        });

        var declined = await officer.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision", new { decision = "decline", comment = "Listed person." });
        Assert.That(declined.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var final = await Eventually.WaitForAsync(() => VerdictsAsync(submission.SubmissionId), v => v.Count == 2, Wait);
        Assert.That(final.Select(v => v.Outcome), Is.EqualTo(new[] { KycOutcomes.Review, KycOutcomes.Rejected }));
    }

    [Test]
    public async Task The_applicants_name_is_encrypted_at_rest_on_the_case()
    {
        var submission = new KycSubmitted(Guid.CreateVersion7(), Guid.CreateVersion7(), "Kim Jong Un", new DateOnly(1984, 1, 8), "KP", DateTimeOffset.UtcNow);
        await DeliverAsync(submission, () => VerdictsAsync(submission.SubmissionId), v => v.Count > 0);
        await using var connection = App.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT subject_name FROM risk.cases WHERE subject_id = @id";
        command.Parameters.AddWithValue("id", submission.SubmissionId);
        var stored = (string)(await command.ExecuteScalarAsync())!;
        Assert.That(stored, Does.Not.Contain("Kim"));
    }

    [Test]
    public async Task A_redelivered_submission_is_screened_once()
    {
        var submission = new KycSubmitted(Guid.CreateVersion7(), Guid.CreateVersion7(), "Kim Jong Un", new DateOnly(1984, 1, 8), "KP", DateTimeOffset.UtcNow);
        await DeliverAsync(submission, () => VerdictsAsync(submission.SubmissionId), v => v.Count > 0);
        // A second publish of the same event (a new message id, as a producer retry would be).
        await DeliverAsync(submission, () => App.CountAsync("inbox_messages"), _ => true);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Multiple(async () =>
        {
            Assert.That(await VerdictsAsync(submission.SubmissionId), Has.Count.EqualTo(1));
            Assert.That(await App.CountAsync("cases", $"subject_id = '{submission.SubmissionId}'"), Is.EqualTo(1));
        });
    }
}
