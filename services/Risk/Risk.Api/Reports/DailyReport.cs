using System.Globalization;
using Jade.Risk.Cases;
using Jade.Risk.Decisions;
using Jade.Risk.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Reports;

public sealed record TopRule(string Code, int Hits);

/// <summary>
/// One business day of screening. Rates are fractions rounded to four places; the false-positive rate is the share
/// of cases resolved that day that the officer approved (the screening flagged a transaction that was fine).
/// </summary>
public sealed record DailyRiskReport(
    string Date, string TimeZone, int Total, int Approve, int Review, int Decline, decimal ReviewRate, int ResolvedCases,
    decimal FalsePositiveRate, IReadOnlyList<TopRule> TopRules);

public static class DailyReportEndpoints
{
    /// <summary>Business days are China Standard Time unless configured (<c>Risk:ReportTimeZone</c>).</summary>
    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>The first day a report covers: long before any decision, and far enough from <see cref="DateOnly.MinValue"/>
    /// that converting its start to UTC cannot fall off the calendar.</summary>
    public static readonly DateOnly FirstDay = new(2000, 1, 1);

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/risk/reports/daily", GetAsync).WithTags("Reports").RequireAuthorization(RiskAuthorization.OfficerPolicy).WithName("DailyRiskReport");
        return app;
    }

    internal static async Task<Results<Ok<DailyRiskReport>, ValidationProblem>> GetAsync(
        string? date, RiskDb db, IConfiguration configuration, TimeProvider time, CancellationToken ct)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(configuration["Risk:ReportTimeZone"] ?? DefaultTimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        DateOnly day;
        if (date is null) day = today;
        else if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["date must be yyyy-MM-dd."] });
        }
        if (day > today)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["date must not be in the future."] });
        }
        if (day < FirstDay)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["date must not be before 2000-01-01."] });
        }
        var (start, end) = Bounds(day, zone);

        var outcomes = await db.Decisions.AsNoTracking().Where(d => d.DecidedAt >= start && d.DecidedAt < end)
            .GroupBy(d => d.Outcome).Select(g => new { Outcome = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Outcome, g => g.Count, ct);
        // Withdrawn cases were never decided: they count neither as resolved nor towards the false-positive rate. Level 3
        // applications are no alerts, so approving one is no false positive: only screening cases count.
        var resolved = await db.Cases.AsNoTracking().Where(c => c.Status == CaseStatus.Resolved && c.Kind != CaseKinds.KycUpgrade
                && c.ResolvedAt >= start && c.ResolvedAt < end)
            .GroupBy(c => c.Resolution).Select(g => new { Resolution = g.Key, Count = g.Count() }).ToListAsync(ct);
        var hits = (await RuleEndpoints.RuleHitsAsync(db, shadow: false, start, end, ct)).Take(10);

        var total = outcomes.Values.Sum();
        var review = outcomes.GetValueOrDefault(Outcomes.Review);
        var resolvedCount = resolved.Sum(r => r.Count);
        var falsePositives = resolved.Where(r => r.Resolution == Resolutions.Approve).Sum(r => r.Count);
        return TypedResults.Ok(new DailyRiskReport(
            day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), zone.Id, total, outcomes.GetValueOrDefault(Outcomes.Approve), review,
            outcomes.GetValueOrDefault(Outcomes.Decline), Rate(review, total), resolvedCount, Rate(falsePositives, resolvedCount),
            [.. hits.Select(h => new TopRule(h.Code, h.Hits))]));
    }

    /// <summary>
    /// The UTC instants a business day runs between: from its local midnight to the next one. Not start + 24 h: a day on
    /// which the clocks change has 23 or 25 hours.
    /// </summary>
    internal static (DateTimeOffset Start, DateTimeOffset End) Bounds(DateOnly day, TimeZoneInfo zone) =>
        (StartOf(day, zone), StartOf(day.AddDays(1), zone));

    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Where the clocks jump forward at midnight, the day begins when they land.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        // Where they fall back over midnight, it begins at the first of the two midnights (the larger offset).
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static decimal Rate(int part, int whole) => whole == 0 ? 0m : Math.Round((decimal)part / whole, 4, MidpointRounding.ToEven);
}
