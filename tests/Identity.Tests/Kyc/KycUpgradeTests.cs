using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Jade.Identity.Tests.Kyc;

/// <summary>Applying for KYC level 3, and an officer's decision coming back from risk over the real broker.</summary>
public sealed class KycUpgradeTests : KycFixture
{
    private const string Address = "北京市朝阳区建国路 88 号 1 单元 101";

    [Test]
    public async Task A_verified_customer_applies_and_an_approval_raises_them_to_level_3()
    {
        var (userId, token) = await VerifiedCustomerAsync();
        var before = await UpgradeStatusAsync(token);
        Assert.Multiple(() =>
        {
            Assert.That(before.GetProperty("status").GetString(), Is.EqualTo("none"));
            Assert.That(before.GetProperty("eligible").GetBoolean(), Is.True);
        });

        var (applied, body) = await ApplyForUpgradeAsync(token, Application(address: "  北京市朝阳区建国路 88 号\r\n1 单元 101 "));

        Assert.That(applied.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), body.ToString());
        var applicationId = body.GetProperty("applicationId").GetGuid();
        Assert.Multiple(() =>
        {
            Assert.That(applied.Headers.Location?.OriginalString, Is.EqualTo(Path + "/upgrade"));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(body.GetProperty("eligible").GetBoolean(), Is.False, "one application at a time");
            Assert.That(body.GetProperty("occupation").GetString(), Is.EqualTo("employee"));
            Assert.That(body.GetProperty("employer").GetString(), Is.EqualTo("Jade Test Works"));
            Assert.That(body.GetProperty("address").GetString(), Is.EqualTo("北京市朝阳区****"), "the address comes back masked");
            Assert.That(ColumnText("address", applicationId), Does.Not.Contain("建国路"), "the address is encrypted at rest");
        });
        var requested = OutboxMessages("KycUpgradeRequested", userId).Single();
        Assert.Multiple(() =>
        {
            Assert.That(requested.GetProperty("applicationId").GetGuid(), Is.EqualTo(applicationId));
            Assert.That(requested.GetProperty("legalName").GetString(), Is.EqualTo("张小三"), "the officer sees who applies");
            Assert.That(requested.GetProperty("annualIncome").GetString(), Is.EqualTo("200k_500k"));
            Assert.That(requested.ToString(), Does.Not.Contain("建国路"), "the address stays in identity");
        });

        var (again, problem) = await ApplyForUpgradeAsync(token, Application());
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), problem.ToString());
        Assert.That(App.CountRows("kyc_upgrade_applications", $"user_id = '{userId}'"), Is.EqualTo(1));

        var decision = await DecideUpgradeAsync(UpgradeDecision(applicationId, userId, "approve"), token, "approved");

        var kyc = await StatusAsync(token);
        var after = await UpgradeStatusAsync(token);
        Assert.Multiple(() =>
        {
            Assert.That(kyc.GetProperty("status").GetString(), Is.EqualTo("verified"));
            Assert.That(kyc.GetProperty("level").GetInt32(), Is.EqualTo(3));
            Assert.That(after.GetProperty("decidedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(after.GetProperty("eligible").GetBoolean(), Is.False, "nothing above level 3");
            var verified = OutboxMessages("KycVerified", userId).Last();
            Assert.That(verified.GetProperty("level").GetInt32(), Is.EqualTo(3));
            Assert.That(verified.GetProperty("submissionId").GetGuid(), Is.EqualTo(applicationId));
            Assert.That(App.CountRows("kyc_history", $"user_id = '{userId}' AND level = 3 AND actor = 'risk'"), Is.EqualTo(1));
        });

        // The same decision again, and a contradicting one: the application is decided, nothing changes.
        await DeliverOnceAsync(decision);
        await DeliverOnceAsync(decision with { MessageId = Guid.CreateVersion7(), Message = UpgradeDecision(applicationId, userId, "decline") });
        Assert.Multiple(() =>
        {
            Assert.That(OutboxMessages("KycVerified", userId).Count(v => v.GetProperty("level").GetInt32() == 3), Is.EqualTo(1));
            Assert.That(OutboxMessages("KycUpgradeRejected", userId), Is.Empty);
        });
        var (third, _) = await ApplyForUpgradeAsync(token, Application());
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "already at level 3");
    }

    [Test]
    public async Task A_declined_applicant_waits_a_week_before_applying_again()
    {
        var (userId, token) = await VerifiedCustomerAsync();
        var (_, body) = await ApplyForUpgradeAsync(token, Application(occupation: "student", employer: null, annualIncome: "under_50k"));
        var applicationId = body.GetProperty("applicationId").GetGuid();

        await DecideUpgradeAsync(UpgradeDecision(applicationId, userId, "decline"), token, "rejected");

        var view = await UpgradeStatusAsync(token);
        var decidedAt = view.GetProperty("decidedAt").GetDateTimeOffset();
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("eligible").GetBoolean(), Is.False);
            Assert.That(view.GetProperty("reapplyAfter").GetDateTimeOffset(), Is.EqualTo(decidedAt.AddDays(7)).Within(TimeSpan.FromSeconds(1)));
            var rejected = OutboxMessages("KycUpgradeRejected", userId).Single();
            Assert.That(rejected.GetProperty("applicationId").GetGuid(), Is.EqualTo(applicationId));
            Assert.That(rejected.GetProperty("reapplyAfter").GetDateTimeOffset(), Is.EqualTo(decidedAt.AddDays(7)).Within(TimeSpan.FromSeconds(1)));
        });
        Assert.That((await StatusAsync(token)).GetProperty("level").GetInt32(), Is.EqualTo(2), "a decline keeps level 2");

        var (tooSoon, problem) = await ApplyForUpgradeAsync(token, Application());
        Assert.That(tooSoon.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(decidedAt.AddDays(7).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd")));

        Execute("UPDATE identity.kyc_upgrade_applications SET decided_at = decided_at - interval '7 days 1 minute' WHERE id = @p", applicationId);
        var later = await UpgradeStatusAsync(token);
        Assert.Multiple(() =>
        {
            Assert.That(later.GetProperty("eligible").GetBoolean(), Is.True);
            Assert.That(later.GetProperty("reapplyAfter").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
        var (reapplied, second) = await ApplyForUpgradeAsync(token, Application());
        Assert.That(reapplied.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), second.ToString());
        Assert.That(second.GetProperty("applicationId").GetGuid(), Is.Not.EqualTo(applicationId));
    }

    [Test]
    public async Task Only_a_verified_customer_may_apply()
    {
        var (userId, token) = await NewCustomerAsync();
        var view = await UpgradeStatusAsync(token);
        Assert.That(view.GetProperty("eligible").GetBoolean(), Is.False);
        var (unverified, _) = await ApplyForUpgradeAsync(token, Application());
        Assert.That(unverified.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));

        await SubmitAsync(token, Submission(nationalId: NewPrcId(new DateOnly(1990, 3, 7)), dateOfBirth: "1990-03-07"));
        var (pending, problem) = await ApplyForUpgradeAsync(token, Application());
        Assert.That(pending.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "still being screened: " + problem);
        Assert.Multiple(() =>
        {
            Assert.That(App.CountRows("kyc_upgrade_applications", $"user_id = '{userId}'"), Is.Zero);
            Assert.That(OutboxMessages("KycUpgradeRequested", userId), Is.Empty);
        });
    }

    private static IEnumerable<TestCaseData> BadApplications()
    {
        yield return Bad("occupation", new { sourceOfFunds = "salary", annualIncome = "50k_200k", purpose = "other", address = Address });
        yield return Bad("occupation", Application(occupation: "astronaut"));
        yield return Bad("sourceOfFunds", Application(sourceOfFunds: "lottery"));
        yield return Bad("annualIncome", Application(annualIncome: "a lot"));
        yield return Bad("purpose", Application(purpose: ""));
        yield return Bad("employer", Application(employer: new string('x', 101)));
        yield return Bad("address", Application(address: "   "));
        yield return Bad("address", Application(address: "北京市"));
        yield return Bad("address", Application(address: new string('路', 201)));
        yield return Bad("address", Application(address: "北京市朝阳区\u0007建国路"));
        yield return Bad("occupation", new { occupation = 5, sourceOfFunds = "salary", annualIncome = "50k_200k", purpose = "other", address = Address });

        static TestCaseData Bad(string field, object body) => new TestCaseData(field, body).SetArgDisplayNames($"{field}: {JsonSerializer.Serialize(body)[..Math.Min(60, JsonSerializer.Serialize(body).Length)]}");
    }

    [TestCaseSource(nameof(BadApplications))]
    public async Task A_bad_application_is_a_400_naming_the_field_and_writes_nothing(string field, object body)
    {
        var (userId, token) = await VerifiedCustomerAsync();

        var (response, problem) = await ApplyForUpgradeAsync(token, body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out var messages), Is.True, problem.ToString());
            Assert.That(messages.ValueKind == JsonValueKind.Array && messages.GetArrayLength() > 0, Is.True);
            Assert.That(App.CountRows("kyc_upgrade_applications", $"user_id = '{userId}'"), Is.Zero);
            Assert.That(OutboxMessages("KycUpgradeRequested", userId), Is.Empty);
        });
    }

    [Test]
    public async Task A_body_that_is_not_json_is_a_400_naming_the_body()
    {
        var (userId, token) = await VerifiedCustomerAsync();
        using var api = App.NewApiClient();
        using var response = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, Path + "/upgrade", token,
            new StringContent("{\"occupation\": \"employee\"", Encoding.UTF8, "application/json")));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").TryGetProperty("body", out _), Is.True, problem.ToString());
            Assert.That(App.CountRows("kyc_upgrade_applications", $"user_id = '{userId}'"), Is.Zero);
        });
    }

    [Test]
    public async Task A_decision_naming_another_customer_changes_nothing_and_no_one_sees_anothers_application()
    {
        var (alice, aliceToken) = await VerifiedCustomerAsync();
        var (bob, bobToken) = await VerifiedCustomerAsync();
        var (_, body) = await ApplyForUpgradeAsync(aliceToken, Application());
        var applicationId = body.GetProperty("applicationId").GetGuid();

        var bobsView = await UpgradeStatusAsync(bobToken);
        Assert.That(bobsView.GetProperty("status").GetString(), Is.EqualTo("none"), "Bob sees only his own (no) application");

        await DeliverOnceAsync(new(Guid.CreateVersion7(), typeof(Contracts.Risk.CaseResolved), UpgradeDecision(applicationId, bob, "approve"), null));
        await DeliverOnceAsync(new(Guid.CreateVersion7(), typeof(Contracts.Risk.CaseResolved), UpgradeDecision(Guid.CreateVersion7(), alice, "approve"), null));
        // A transaction case's decision is payments' business, even when its subject id matches.
        await DeliverOnceAsync(new(Guid.CreateVersion7(), typeof(Contracts.Risk.CaseResolved),
            UpgradeDecision(applicationId, alice, "approve") with { Kind = "transaction" }, null));

        Assert.Multiple(async () =>
        {
            Assert.That((await UpgradeStatusAsync(aliceToken)).GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That((await StatusAsync(aliceToken)).GetProperty("level").GetInt32(), Is.EqualTo(2));
            Assert.That((await StatusAsync(bobToken)).GetProperty("level").GetInt32(), Is.EqualTo(2));
            Assert.That(OutboxMessages("KycVerified", alice).Count(v => v.GetProperty("level").GetInt32() == 3), Is.Zero);
        });
    }

    private string ColumnText(string column, Guid applicationId) =>
        Scalar<string>($"SELECT {column} FROM identity.kyc_upgrade_applications WHERE id = @p", applicationId);

    private void Execute(string sql, object parameter)
    {
        using var connection = App.Database.OpenAdminConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("p", parameter);
        Assert.That(command.ExecuteNonQuery(), Is.EqualTo(1));
    }
}
