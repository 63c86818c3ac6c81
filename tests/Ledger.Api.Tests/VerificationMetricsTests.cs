using Jade.Testing;
using static Jade.Ledger.Api.Tests.LedgerCalls;

namespace Jade.Ledger.Api.Tests;

/// <summary>
/// The verifier's outcome as the alerts read it from <c>/metrics</c>: every run counts, whether the staff endpoint or
/// the service's own schedule asked for it, and the gauges follow what the last run found.
/// </summary>
public sealed class VerificationMetricsTests
{
    private const string Runs = "jade_ledger_verification_runs_total";
    private const string Discrepancies = "jade_ledger_verification_discrepancies";
    private const string LastSuccess = "jade_ledger_verification_last_success_time_seconds";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Before_any_run_only_the_run_counts_are_served_and_an_endpoint_run_is_recorded()
    {
        await using var app = await LedgerApp.StartAsync();

        var before = await app.ScrapeAsync();
        await app.VerifyLedgerAsync();
        var after = await app.ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(new[] { "ok", "discrepancies", "error" }.Select(o => before.Value(Runs, ("outcome", o))), Is.All.EqualTo(0));
            Assert.That(before.Value(Discrepancies), Is.Null, "nothing to report before the first run");
            Assert.That(before.Value(LastSuccess), Is.Null);
            Assert.That(after.Value(Runs, ("outcome", "ok")), Is.EqualTo(1));
            Assert.That(after.Value(Discrepancies), Is.Zero);
            Assert.That(after.Value(LastSuccess), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(30));
        });
    }

    [Test]
    public async Task The_schedule_verifies_on_its_own_and_its_metrics_turn_when_the_books_are_tampered_with()
    {
        await using var app = await LedgerApp.StartAsync(new Dictionary<string, string>
        {
            ["Ledger:Verification:Enabled"] = "true",
            ["Ledger:Verification:FirstRunAfter"] = "00:00:00",
            ["Ledger:Verification:Interval"] = "00:00:00.500",
        });
        using var service = app.ServiceClient();
        var (_, wallet, _) = await service.FundedWalletAsync(5_000);

        var healthy = await Eventually.WaitForAsync(app.ScrapeAsync, s => s.Value(Runs, ("outcome", "ok")) >= 2, Patience);
        Assert.Multiple(() =>
        {
            Assert.That(healthy.Value(Runs, ("outcome", "ok")), Is.GreaterThanOrEqualTo(2), "runs without anyone asking");
            Assert.That(healthy.Value(Discrepancies), Is.Zero);
            Assert.That(healthy.Value(LastSuccess), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(30));
        });

        await app.AdminExecuteAsync("UPDATE ledger.accounts SET credits_posted = credits_posted + 7 WHERE id = @id", ("id", wallet));
        MetricsScrape broken;
        try
        {
            broken = await Eventually.WaitForAsync(app.ScrapeAsync, s => s.Value(Discrepancies) > 0, Patience);
        }
        finally
        {
            await app.AdminExecuteAsync("UPDATE ledger.accounts SET credits_posted = credits_posted - 7 WHERE id = @id", ("id", wallet));
        }
        var lastGood = broken.Value(LastSuccess) ?? 0;
        var restored = await Eventually.WaitForAsync(app.ScrapeAsync, s => s.Value(Discrepancies) == 0, Patience);

        Assert.Multiple(() =>
        {
            Assert.That(broken.Value(Discrepancies), Is.EqualTo(2), "the wallet's balance and the currency's totals");
            Assert.That(broken.Value(Runs, ("outcome", "discrepancies")), Is.GreaterThanOrEqualTo(1));
            Assert.That(broken.Value(LastSuccess), Is.LessThanOrEqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
            Assert.That(restored.Value(LastSuccess), Is.GreaterThan(lastGood), "a clean run after the repair is a new success");
        });
    }
}
