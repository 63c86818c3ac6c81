using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jade.Contracts.Identity;
using Jade.Contracts.Payments;
using Jade.Contracts.Risk;
using Jade.Risk.Decisions;
using Jade.Risk.Reports;

namespace Jade.Risk.Tests.Reports;

/// <summary>The daily report and the decision log, over a class of its own so the counts are this class's only.</summary>
public sealed class ReportAndDecisionLogTests : RiskServiceFixture
{
    private HttpClient _officer = null!;

    [OneTimeSetUp]
    public void SignIn() => _officer = App.Officer("officer-carol", "carol@jade.test");

    [OneTimeTearDown]
    public void SignOut() => _officer?.Dispose();

    [Test]
    public async Task The_daily_report_counts_outcomes_rules_reviews_and_false_positives()
    {
        var customer = Guid.CreateVersion7();
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++) await ScreenAsync(Transaction(1_000, customer, at: at.AddSeconds(i)));
        var reviewed = await ScreenAsync(Transaction(1_000, customer, at: at.AddSeconds(6)));
        var declined = await ScreenAsync(Transaction(900_000, Guid.CreateVersion7()));
        Assert.That((reviewed.Outcome, declined.Outcome), Is.EqualTo(("review", "decline")));
        var resolved = await _officer.PostAsJsonAsync($"/api/risk/cases/{reviewed.CaseId}/decision", new { decision = "approve", comment = "Paying friends back." });
        Assert.That(resolved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // Another review whose payment the payer cancelled: withdrawn, never decided, so not a resolved case.
        var other = Guid.CreateVersion7();
        for (var i = 0; i < 5; i++) await ScreenAsync(Transaction(1_000, other, at: at.AddSeconds(i)));
        var cancelledRequest = Transaction(1_000, other, at: at.AddSeconds(6));
        var cancelled = await ScreenAsync(cancelledRequest);
        await DeliverAsync(new PaymentFailed((Guid)cancelledRequest["transactionId"]!, "p2p", other, null, 1_000, "CNY", null, null, null, null,
                "cancelled_by_payer", "NARR", DateTimeOffset.UtcNow),
            () => App.CountAsync("cases", $"id = '{cancelled.CaseId}' AND status = 'withdrawn'"), n => n == 1);
        // A level 3 application declined: an officer's due diligence, not an alert, so neither a resolved alert nor a true positive.
        var application = new KycUpgradeRequested(Guid.CreateVersion7(), Guid.CreateVersion7(), "王芳", "retired", null, "pension", "under_50k",
            "family_support", DateTimeOffset.UtcNow);
        await DeliverAsync(application, () => OutboxAsync<CaseOpened>("payload->>'subjectId' = @id", application.ApplicationId), c => c.Count == 1);
        var applicationCase = (await OutboxAsync<CaseOpened>("payload->>'subjectId' = @id", application.ApplicationId)).Single().CaseId;
        var declinedApplication = await _officer.PostAsJsonAsync($"/api/risk/cases/{applicationCase}/decision", new { decision = "decline", comment = "Income not evidenced." });
        Assert.That(declinedApplication.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd");
        var report = (await _officer.GetFromJsonAsync<DailyRiskReport>($"/api/risk/reports/daily?date={today}"))!;

        Assert.Multiple(() =>
        {
            Assert.That((report.Total, report.Approve, report.Review, report.Decline), Is.EqualTo((13, 10, 2, 1)));
            Assert.That(report.ReviewRate, Is.EqualTo(Math.Round(2m / 13, 4)));
            Assert.That((report.ResolvedCases, report.FalsePositiveRate), Is.EqualTo((1, 1m)));
            Assert.That(report.TopRules.Select(r => r.Code), Is.SupersetOf(new[] { "velocity_payer", "kyc_amount_limit" }));
        });
    }

    [TestCase("2026-13-01")]
    [TestCase("yesterday")]
    [TestCase("2999-01-01")]
    // Its start converted to UTC fell off the calendar: a 500.
    [TestCase("0001-01-01")]
    [TestCase("1999-12-31")]
    public async Task A_bad_report_date_is_a_400_naming_it(string date)
    {
        var response = await _officer.GetAsync($"/api/risk/reports/daily?date={date}");
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem!["errors"]!.AsObject().ContainsKey("date"), Is.True);
        });
    }

    [TestCase("Asia/Shanghai", "2026-11-26", "2026-11-25T16:00:00Z", "2026-11-26T16:00:00Z")]
    // Clocks forward at 01:00 UTC: a 23-hour day.
    [TestCase("Europe/London", "2024-03-31", "2024-03-31T00:00:00Z", "2024-03-31T23:00:00Z")]
    // Clocks back at 01:00 UTC: a 25-hour day.
    [TestCase("Europe/London", "2024-10-27", "2024-10-26T23:00:00Z", "2024-10-28T00:00:00Z")]
    // Clocks forward at midnight: the day starts at 01:00 local.
    [TestCase("America/Sao_Paulo", "2018-11-04", "2018-11-04T03:00:00Z", "2018-11-05T02:00:00Z")]
    public void A_report_day_runs_from_its_local_midnight_to_the_next(string zone, string day, string start, string end)
    {
        var bounds = DailyReportEndpoints.Bounds(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone));
        Assert.That(bounds, Is.EqualTo((DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Test]
    public async Task The_decision_log_filters_by_customer_and_outcome()
    {
        var customer = Guid.CreateVersion7();
        var first = await ScreenAsync(Transaction(2_000, customer));
        await ScreenAsync(Transaction(700_000, customer));
        await ScreenAsync(Transaction(3_000, Guid.CreateVersion7()));

        var mine = await _officer.GetFromJsonAsync<DecisionPage>($"/api/risk/decisions?customerId={customer}");
        var declined = await _officer.GetFromJsonAsync<DecisionPage>($"/api/risk/decisions?customerId={customer}&outcome=decline");
        var bad = await _officer.GetAsync("/api/risk/decisions?outcome=maybe");
        var customerToken = await App.Customer(customer).GetAsync($"/api/risk/decisions?customerId={customer}");

        Assert.Multiple(() =>
        {
            Assert.That(mine!.Total, Is.EqualTo(2));
            Assert.That(mine.Items.Select(d => d.DecisionId), Does.Contain(first.DecisionId));
            Assert.That(declined!.Items.Select(d => d.Amount), Is.EqualTo(new[] { 700_000L }));
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(customerToken.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "customers never read decisions, not even their own");
        });
    }
}
