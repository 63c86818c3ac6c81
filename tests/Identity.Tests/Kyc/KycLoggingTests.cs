using System.Net;
using Jade.Contracts.Risk;
using Jade.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jade.Identity.Tests.Kyc;

/// <summary>Every log line the host writes, at every level, across a submission and its screening: no clear PII.</summary>
public sealed class KycLoggingTests : KycFixture
{
    private readonly CollectingLoggerProvider _logs = new();

    protected override void ConfigureApp(IWebHostBuilder builder)
    {
        foreach (var category in new[] { "Default", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore.Database.Command", "OpenIddict" })
        {
            builder.UseSetting($"Logging:LogLevel:{category}", "Trace");
        }
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(_logs));
    }

    [Test]
    public async Task Submit_and_screening_never_log_the_name_the_national_id_or_the_phone_in_clear()
    {
        const string name = "欧阳小明";
        const string phone = "13611112222";
        var id = NewPrcId(new DateOnly(1988, 8, 8));
        var (userId, token) = await NewCustomerAsync();
        _logs.Clear();

        var (bad, _) = await SubmitAsync(token, Submission(name, id[..17] + (id[17] == '0' ? '1' : '0'), "1988-08-08", "CN", phone));
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var (accepted, _) = await SubmitAsync(token, Submission(name, id, "1988-08-08", "CN", phone));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var submissionId = SubmissionIdOf(userId);
        await DeliverAsync(Verdict(submissionId, userId, KycOutcomes.Review, Guid.CreateVersion7()), token, "in_review");
        await DeliverAsync(Verdict(submissionId, userId, KycOutcomes.Cleared), token, "verified");
        await StatusAsync(token);

        var lines = _logs.Lines;
        Assert.That(lines, Has.Some.Contains(submissionId.ToString()), "the submission is logged, by id");
        Assert.That(lines, Has.Some.Contains("欧**明"), "the name is logged masked");
        foreach (var secret in new[] { name, id, id[..14], phone, phone[3..] })
        {
            Assert.That(lines.Where(l => l.Contains(secret, StringComparison.OrdinalIgnoreCase)), Is.Empty, $"'{secret}' appears in the logs");
        }
    }

    [Test]
    public async Task A_level_3_application_and_its_decision_never_log_the_address_or_the_employer()
    {
        const string address = "杭州市西湖区文三路 478 号 华星时代广场";
        const string employer = "杭州星河数据有限公司";
        var (userId, token) = await VerifiedCustomerAsync();
        _logs.Clear();

        var (bad, _) = await ApplyForUpgradeAsync(token, Application(employer: employer, address: address, purpose: "gambling"));
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var (accepted, body) = await ApplyForUpgradeAsync(token, Application(employer: employer, address: address));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var applicationId = body.GetProperty("applicationId").GetGuid();
        await DecideUpgradeAsync(UpgradeDecision(applicationId, userId, "approve"), token, "approved");

        var lines = _logs.Lines;
        Assert.That(lines, Has.Some.Contains(applicationId.ToString()), "the application is logged, by id");
        foreach (var secret in new[] { address, "文三路", employer, "张小三" })
        {
            Assert.That(lines.Where(l => l.Contains(secret, StringComparison.OrdinalIgnoreCase)), Is.Empty, $"'{secret}' appears in the logs");
        }
    }
}
