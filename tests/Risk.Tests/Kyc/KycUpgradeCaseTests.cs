using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jade.Contracts.Identity;
using Jade.Contracts.Risk;

namespace Jade.Risk.Tests.Kyc;

/// <summary>Applications for KYC level 3 become officer cases; the decision goes back to identity as CaseResolved.</summary>
public sealed class KycUpgradeCaseTests : RiskServiceFixture
{
    private static KycUpgradeRequested Application(Guid customer) => new(
        Guid.CreateVersion7(), customer, "李文静", "professional", "Jade Law LLP", "salary", "500k_1m", "investment", DateTimeOffset.UtcNow);

    private Task<long> CasesOf(Guid applicationId) => App.CountAsync("cases", $"subject_id = '{applicationId}' AND kind = 'kyc_upgrade'");

    [Test]
    public async Task An_application_opens_a_case_showing_the_declared_profile_and_the_last_30_days()
    {
        var customer = Guid.CreateVersion7();
        await ScreenAsync(Transaction(120_000, customer));
        await ScreenAsync(Transaction(80_050, customer));
        await ScreenAsync(Transaction(999_999, customer, at: DateTimeOffset.UtcNow.AddDays(-40)));
        await ScreenAsync(Transaction(55_500, Guid.CreateVersion7()));
        var application = Application(customer);

        await DeliverAsync(application, () => CasesOf(application.ApplicationId), n => n == 1);

        var officer = App.Officer("officer-alice", "alice@jade.test");
        var page = await officer.GetFromJsonAsync<JsonObject>("/api/risk/cases?kind=kyc_upgrade&status=open");
        var item = page!["items"]!.AsArray().Single(i => i!["subjectId"]!.GetValue<Guid>() == application.ApplicationId)!;
        var detail = await officer.GetFromJsonAsync<JsonObject>($"/api/risk/cases/{item["id"]}");
        var context = detail!["context"]!["kycUpgrade"]!;
        var activity = context["activity30Days"]!;
        Assert.Multiple(() =>
        {
            Assert.That(item["kind"]!.GetValue<string>(), Is.EqualTo("kyc_upgrade"));
            Assert.That(item["reasons"]!.AsArray().Select(r => r!["code"]!.GetValue<string>()), Is.EqualTo(new[] { "kyc.level3_application" }));
            Assert.That(context["legalName"]!.GetValue<string>(), Is.EqualTo("李文静"));
            Assert.That(context["occupation"]!.GetValue<string>(), Is.EqualTo("professional"));
            Assert.That(context["employer"]!.GetValue<string>(), Is.EqualTo("Jade Law LLP"));
            Assert.That(context["annualIncome"]!.GetValue<string>(), Is.EqualTo("500k_1m"));
            Assert.That(context["purpose"]!.GetValue<string>(), Is.EqualTo("investment"));
            Assert.That(activity["screened"]!.GetValue<int>(), Is.EqualTo(2), "the customer's own payments of the last 30 days only");
            Assert.That(activity["amountMinor"]!.GetValue<long>(), Is.EqualTo(200_050));
            Assert.That(activity["currency"]!.GetValue<string>(), Is.EqualTo("CNY"));
            Assert.That(detail["history"]!.AsArray(), Has.Count.EqualTo(3), "the customer's history as for any case");
        });
    }

    [Test]
    public async Task The_officers_approval_is_published_for_identity_and_audited()
    {
        var application = Application(Guid.CreateVersion7());
        await DeliverAsync(application, () => CasesOf(application.ApplicationId), n => n == 1);
        var caseId = (await OutboxAsync<CaseOpened>("payload->>'subjectId' = @id", application.ApplicationId)).Single().CaseId;

        var officer = App.Officer("officer-bob", "bob@jade.test");
        var decided = await officer.PostAsJsonAsync($"/api/risk/cases/{caseId}/decision",
            new { decision = "approve", comment = "Employment and income consistent with activity." });
        Assert.That(decided.StatusCode, Is.EqualTo(HttpStatusCode.OK), await decided.Content.ReadAsStringAsync());

        var resolved = (await OutboxAsync<CaseResolved>("payload->>'caseId' = @id", caseId)).Single();
        Assert.Multiple(async () =>
        {
            Assert.That(resolved.Kind, Is.EqualTo(KycUpgradeChoices.CaseKind));
            Assert.That(resolved.SubjectId, Is.EqualTo(application.ApplicationId));
            Assert.That(resolved.CustomerId, Is.EqualTo(application.UserId));
            Assert.That(resolved.Resolution, Is.EqualTo("approve"));
            Assert.That(await OutboxAsync<KycScreeningCompleted>("payload->>'submissionId' = @id", application.ApplicationId), Is.Empty,
                "a level 3 application is no KYC screening");
            Assert.That(await App.CountAsync("audit_log", $"action = 'case.resolve' AND entity_id = '{caseId}'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_redelivered_application_opens_one_case_and_its_name_is_encrypted_at_rest()
    {
        var application = Application(Guid.CreateVersion7());
        await DeliverAsync(application, () => CasesOf(application.ApplicationId), n => n == 1);
        await DeliverAsync(application, () => App.CountAsync("inbox_messages"), _ => true);
        await Task.Delay(TimeSpan.FromSeconds(1));

        await using var connection = App.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT subject_name FROM risk.cases WHERE subject_id = @id";
        command.Parameters.AddWithValue("id", application.ApplicationId);
        var stored = (string)(await command.ExecuteScalarAsync())!;
        Assert.Multiple(async () =>
        {
            Assert.That(await CasesOf(application.ApplicationId), Is.EqualTo(1));
            Assert.That(await OutboxAsync<CaseOpened>("payload->>'subjectId' = @id", application.ApplicationId), Has.Count.EqualTo(1));
            Assert.That(stored, Does.Not.Contain("李文静"));
        });
    }
}
