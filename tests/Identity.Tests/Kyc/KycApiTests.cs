using System.Net;
using System.Text;
using System.Text.Json;
using Jade.Contracts.Risk;

namespace Jade.Identity.Tests.Kyc;

public sealed class KycApiTests : KycFixture
{
    private static readonly DateOnly Dob = new(1990, 3, 7);

    [Test]
    public async Task A_customer_who_never_submitted_sees_none_at_level_1()
    {
        var (_, token) = await NewCustomerAsync();
        var status = await StatusAsync(token);
        Assert.Multiple(() =>
        {
            Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("none"));
            Assert.That(status.GetProperty("level").GetInt32(), Is.EqualTo(1));
            Assert.That(status.GetProperty("nationalId").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task Submit_then_cleared_verifies_at_level_2_and_announces_it()
    {
        var (userId, token) = await NewCustomerAsync();
        var id = NewPrcId(Dob);

        var (submitted, body) = await SubmitAsync(token, Submission("张小三", id, "1990-03-07", "CN", "+86 138-1234-5678"));

        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), body.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(submitted.Headers.Location?.OriginalString, Is.EqualTo(Path));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(body.GetProperty("level").GetInt32(), Is.EqualTo(1));
            Assert.That(body.GetProperty("legalName").GetString(), Is.EqualTo("张*三"));
            Assert.That(body.GetProperty("nationalId").GetString(), Is.EqualTo(id[..3] + "***********" + id[^4..]));
            Assert.That(body.GetProperty("phone").GetString(), Is.EqualTo("138****5678"));
            Assert.That(body.GetProperty("dateOfBirth").GetString(), Is.EqualTo("1990-03-07"));
            Assert.That(body.GetProperty("nationality").GetString(), Is.EqualTo("CN"));
            Assert.That(body.GetProperty("submittedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(body.GetProperty("decidedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });

        var submissionId = SubmissionIdOf(userId);
        var announced = OutboxMessages("KycSubmitted", userId).Single();
        Assert.Multiple(() =>
        {
            Assert.That(announced.GetProperty("submissionId").GetGuid(), Is.EqualTo(submissionId));
            Assert.That(announced.GetProperty("legalName").GetString(), Is.EqualTo("张小三"));
            Assert.That(announced.GetProperty("dateOfBirth").GetString(), Is.EqualTo("1990-03-07"));
            Assert.That(announced.GetProperty("nationality").GetString(), Is.EqualTo("CN"));
            Assert.That(announced.TryGetProperty("nationalId", out _) || announced.TryGetProperty("phone", out _), Is.False,
                "the national id and phone stay in identity");
        });

        await DeliverAsync(Verdict(submissionId, userId, KycOutcomes.Cleared), token, "verified");

        var status = await StatusAsync(token);
        Assert.Multiple(() =>
        {
            Assert.That(status.GetProperty("level").GetInt32(), Is.EqualTo(2));
            Assert.That(status.GetProperty("decidedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            var verified = OutboxMessages("KycVerified", userId).Single();
            Assert.That(verified.GetProperty("submissionId").GetGuid(), Is.EqualTo(submissionId));
            Assert.That(verified.GetProperty("level").GetInt32(), Is.EqualTo(2));
            Assert.That(App.CountRows("kyc_history", $"user_id = '{userId}'"), Is.EqualTo(2), "submitted, verified");
        });

        var (again, problem) = await SubmitAsync(token, Submission(nationalId: NewPrcId(Dob), dateOfBirth: "1990-03-07"));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a verified customer cannot submit again: " + problem);
    }

    [Test]
    public async Task Review_then_rejected_allows_a_new_submission()
    {
        var (userId, token) = await NewCustomerAsync();
        var (submitted, _) = await SubmitAsync(token, Submission("John Doe", "E12345678", "1990-03-07", "US", "+14155550123"));
        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var submissionId = SubmissionIdOf(userId);
        var caseId = Guid.CreateVersion7();

        await DeliverAsync(Verdict(submissionId, userId, KycOutcomes.Review, caseId), token, "in_review");
        Assert.That(Scalar<Guid>("SELECT case_id FROM identity.kyc_profiles WHERE user_id = @p", userId), Is.EqualTo(caseId));
        var (whileInReview, _) = await SubmitAsync(token, Submission("John Doe", "E12345678", "1990-03-07", "US", "+14155550123"));
        Assert.That(whileInReview.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));

        await DeliverAsync(Verdict(submissionId, userId, KycOutcomes.Rejected, caseId), token, "rejected");
        var rejected = OutboxMessages("KycRejected", userId).Single();
        Assert.That(rejected.GetProperty("submissionId").GetGuid(), Is.EqualTo(submissionId));
        Assert.That((await StatusAsync(token)).GetProperty("level").GetInt32(), Is.EqualTo(1));

        var (resubmitted, body) = await SubmitAsync(token, Submission("John Doe", "E87654321", "1990-03-07", "US", "+14155550123"));
        Assert.That(resubmitted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), body.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(SubmissionIdOf(userId), Is.Not.EqualTo(submissionId), "a new submission");
            Assert.That(OutboxMessages("KycSubmitted", userId), Has.Count.EqualTo(2));
            Assert.That(App.CountRows("kyc_history", $"user_id = '{userId}'"), Is.EqualTo(4), "submitted, in review, rejected, submitted");
        });

        // A late verdict about the old submission changes nothing.
        await DeliverOnceAsync(new(Guid.CreateVersion7(), typeof(KycScreeningCompleted), Verdict(submissionId, userId, KycOutcomes.Cleared), null));
        Assert.That((await StatusAsync(token)).GetProperty("status").GetString(), Is.EqualTo("pending"));
        Assert.That(OutboxMessages("KycVerified", userId), Is.Empty);
    }

    [Test]
    public async Task A_redelivered_verdict_is_a_no_op()
    {
        var (userId, token) = await NewCustomerAsync();
        await SubmitAsync(token, Submission(nationalId: NewPrcId(Dob), dateOfBirth: "1990-03-07"));
        var submissionId = SubmissionIdOf(userId);

        var message = await DeliverAsync(Verdict(submissionId, userId, KycOutcomes.Rejected), token, "rejected");
        await DeliverOnceAsync(message);
        // The same verdict again under a new message id: the status no longer allows it, so it is ignored too.
        await DeliverOnceAsync(message with { MessageId = Guid.CreateVersion7() });

        Assert.Multiple(() =>
        {
            Assert.That(OutboxMessages("KycRejected", userId), Has.Count.EqualTo(1));
            Assert.That(App.CountRows("kyc_history", $"user_id = '{userId}'"), Is.EqualTo(2));
            Assert.That(App.CountRows("inbox_messages", $"message_id = '{message.MessageId}'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_customer_only_ever_sees_their_own_kyc()
    {
        var (_, alice) = await NewCustomerAsync();
        var (_, bob) = await NewCustomerAsync();
        await SubmitAsync(alice, Submission(nationalId: NewPrcId(Dob), dateOfBirth: "1990-03-07"));

        var bobsView = await StatusAsync(bob);
        Assert.Multiple(() =>
        {
            Assert.That(bobsView.GetProperty("status").GetString(), Is.EqualTo("none"));
            Assert.That(bobsView.GetProperty("legalName").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });

        using var api = App.NewApiClient();
        using var anonymous = await api.GetAsync(Path);
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        // A client-credentials token (no user) gets no KYC either.
        using var tokenResponse = await OidcFlow.ClientCredentialsAsync(App, IdentityApp.IdentityClientId, IdentityApp.ServiceSecret, "identity");
        var serviceToken = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        using var asService = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Get, Path, serviceToken));
        Assert.That(asService.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Personal_data_is_encrypted_at_rest_and_masked_in_the_response()
    {
        var (userId, token) = await NewCustomerAsync();
        var id = NewPrcId(Dob);
        var (_, body) = await SubmitAsync(token, Submission("王大明", id, "1990-03-07", "CN", "13987654321"));

        using var connection = App.Database.OpenAdminConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT legal_name, national_id, phone, national_id_hash FROM identity.kyc_profiles WHERE user_id = @u";
        command.Parameters.AddWithValue("u", userId);
        using var reader = command.ExecuteReader();
        Assert.That(reader.Read(), Is.True);
        var (name, nationalId, phone, hash) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
        Assert.Multiple(() =>
        {
            Assert.That(name, Does.Not.Contain("王大明"));
            Assert.That(nationalId, Does.Not.Contain(id).And.Not.Contain(id[..10]));
            Assert.That(phone, Does.Not.Contain("13987654321").And.Not.Contain("87654321"));
            Assert.That(name.Length, Is.GreaterThan(40), "Data Protection ciphertext");
            Assert.That(hash, Does.Match("^[0-9a-f]{64}$").And.Not.Contain(id));
            Assert.That(App.CountRows("outbox_messages", $"payload::text LIKE '%{id}%' OR payload::text LIKE '%13987654321%'"), Is.Zero);

            var response = body.ToString();
            Assert.That(response, Does.Not.Contain(id).And.Not.Contain("13987654321").And.Not.Contain("王大明"));
            Assert.That(body.GetProperty("legalName").GetString(), Is.EqualTo("王*明"));
            Assert.That(body.GetProperty("phone").GetString(), Is.EqualTo("139****4321"));
        });
    }

    [Test]
    public async Task One_verified_identity_per_national_id()
    {
        var (firstId, first) = await NewCustomerAsync();
        var (_, second) = await NewCustomerAsync();
        var id = NewPrcId(Dob);
        await SubmitAsync(first, Submission(nationalId: id, dateOfBirth: "1990-03-07"));
        await DeliverAsync(Verdict(SubmissionIdOf(firstId), firstId, KycOutcomes.Cleared), first, "verified");

        var (response, problem) = await SubmitAsync(second, Submission(nationalId: id.ToLowerInvariant(), dateOfBirth: "1990-03-07"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), problem.ToString());
        Assert.That((await StatusAsync(second)).GetProperty("status").GetString(), Is.EqualTo("none"));
    }

    [Test]
    public async Task Two_pending_submissions_of_one_id_verify_only_the_first_cleared()
    {
        var (firstId, first) = await NewCustomerAsync();
        var (secondId, second) = await NewCustomerAsync();
        var id = NewPrcId(Dob);
        await SubmitAsync(first, Submission(nationalId: id, dateOfBirth: "1990-03-07"));
        await SubmitAsync(second, Submission(nationalId: id, dateOfBirth: "1990-03-07"));

        await DeliverAsync(Verdict(SubmissionIdOf(firstId), firstId, KycOutcomes.Cleared), first, "verified");
        await DeliverAsync(Verdict(SubmissionIdOf(secondId), secondId, KycOutcomes.Cleared), second, "rejected");

        Assert.That(OutboxMessages("KycRejected", secondId), Has.Count.EqualTo(1));
    }

    private static IEnumerable<TestCaseData> BadSubmissions()
    {
        var good = new Dictionary<string, object?>
        {
            ["legalName"] = "张小三", ["nationalId"] = "11010519491231002X", ["dateOfBirth"] = "1949-12-31", ["nationality"] = "CN", ["phone"] = "13812345678",
        };
        Dictionary<string, object?> With(string field, object? value) => new(good) { [field] = value };
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var minor = today.AddYears(-17);
        string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        yield return new TestCaseData(With("legalName", null), "legalName").SetName("legal name missing");
        yield return new TestCaseData(With("legalName", "X"), "legalName").SetName("legal name too short");
        yield return new TestCaseData(With("legalName", new string('名', 101)), "legalName").SetName("legal name too long");
        yield return new TestCaseData(With("legalName", "Robert'); DROP TABLE"), "legalName").SetName("legal name with symbols");
        yield return new TestCaseData(With("nationalId", "110105194912310021"), "nationalId").SetName("CN id with a wrong check digit");
        yield return new TestCaseData(With("nationalId", "1101051949123100"), "nationalId").SetName("CN id too short");
        yield return new TestCaseData(With("dateOfBirth", "1949-12-30"), "nationalId").SetName("CN id birth date differs");
        yield return new TestCaseData(With("nationalId", new string('1', 5000)), "nationalId").SetName("national id oversized");
        yield return new TestCaseData(new Dictionary<string, object?>(good) { ["nationality"] = "US", ["nationalId"] = "AB-12" }, "nationalId").SetName("passport id with a dash");
        yield return new TestCaseData(With("dateOfBirth", Iso(today.AddDays(1))), "dateOfBirth").SetName("born in the future");
        yield return new TestCaseData(new Dictionary<string, object?>(good) { ["nationality"] = "US", ["nationalId"] = "AB12345", ["dateOfBirth"] = Iso(minor) }, "dateOfBirth").SetName("younger than 18");
        yield return new TestCaseData(new Dictionary<string, object?>(good) { ["nationality"] = "US", ["nationalId"] = "AB12345", ["dateOfBirth"] = "1899-12-31" }, "dateOfBirth").SetName("born before 1900");
        yield return new TestCaseData(With("dateOfBirth", "1949/12/31"), "dateOfBirth").SetName("date not ISO");
        yield return new TestCaseData(With("nationality", "ZZ"), "nationality").SetName("unknown nationality");
        yield return new TestCaseData(With("nationality", null), "nationality").SetName("nationality missing");
        yield return new TestCaseData(With("phone", "12345"), "phone").SetName("phone too short");
        yield return new TestCaseData(With("phone", new string('1', 200)), "phone").SetName("phone oversized");
        yield return new TestCaseData(With("phone", 13812345678L), "phone").SetName("phone as a JSON number");
    }

    [TestCaseSource(nameof(BadSubmissions))]
    public async Task Bad_input_is_a_400_naming_the_field_and_writes_nothing(Dictionary<string, object?> body, string field)
    {
        var (userId, token) = await NewCustomerAsync();
        var (response, problem) = await SubmitAsync(token, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToString());
        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
        AssertNothingWritten(userId);
    }

    [Test]
    public async Task Malformed_and_oversized_bodies_are_400s_naming_the_body()
    {
        var (userId, token) = await NewCustomerAsync();
        var (malformed, malformedText) = await PostRawAsync(token, new StringContent("{\"legalName\": ", Encoding.UTF8, "application/json"));
        var padding = new string(' ', 20_000);
        var (oversized, oversizedText) = await PostRawAsync(token, new StringContent(
            $"{{\"legalName\":\"张小三\",{padding}\"nationalId\":\"11010519491231002X\",\"dateOfBirth\":\"1949-12-31\",\"nationality\":\"CN\",\"phone\":\"13812345678\"}}",
            Encoding.UTF8, "application/json"));
        var (empty, _) = await PostRawAsync(token, new StringContent("", Encoding.UTF8, "application/json"));

        Assert.Multiple(() =>
        {
            Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(malformedText, Does.Contain("\"body\""));
            Assert.That(oversized.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(oversizedText, Does.Contain("\"body\""));
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
        AssertNothingWritten(userId);
    }

    private void AssertNothingWritten(Guid userId)
    {
        Assert.Multiple(() =>
        {
            Assert.That(App.CountRows("kyc_profiles", $"user_id = '{userId}'"), Is.Zero);
            Assert.That(App.CountRows("kyc_history", $"user_id = '{userId}'"), Is.Zero);
            Assert.That(App.CountRows("outbox_messages", $"type LIKE 'Jade.Contracts.Identity.Kyc%' AND payload->>'userId' = '{userId}'"), Is.Zero);
        });
    }
}
