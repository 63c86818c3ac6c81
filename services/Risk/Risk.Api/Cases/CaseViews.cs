using System.Text.Json;
using System.Text.Json.Nodes;
using Jade.Risk.Decisions;
using Jade.Risk.Screening;

namespace Jade.Risk.Cases;

public sealed record CaseItem(
    Guid Id, string Kind, string Status, Guid CustomerId, Guid SubjectId, DateTimeOffset OpenedAt, int Score,
    IReadOnlyList<ReasonView> Reasons, string Summary, string? Resolution, DateTimeOffset? ResolvedAt, CaseAssignee? Assignee);

/// <summary>Who works on a case; <see cref="IsMe"/> when it is the officer asking.</summary>
public sealed record CaseAssignee(string Name, bool IsMe, DateTimeOffset Since);

public sealed record CasePage(IReadOnlyList<CaseItem> Items, int Page, int PageSize, int Total);

public sealed record HistoryItem(Guid DecisionId, Guid TransactionId, DateTimeOffset OccurredAt, string Type, long Amount, string Currency, string Outcome, int Score);

public sealed record CaseDetail(
    Guid Id, string Kind, string Status, Guid CustomerId, Guid SubjectId, DateTimeOffset OpenedAt, int Score,
    IReadOnlyList<ReasonView> Reasons, string Summary, string? Resolution, DateTimeOffset? ResolvedAt, string? Comment,
    string? ResolvedBy, JsonObject Context, IReadOnlyList<HistoryItem> History, CaseAssignee? Assignee, IReadOnlyList<CaseNote> Notes);

/// <summary>What a KYC case keeps besides the (encrypted) name: the applicant's qualifiers and the list's matches.</summary>
public sealed record KycCaseContext(Guid SubmissionId, DateOnly DateOfBirth, string Nationality, IReadOnlyList<Sanctions.SanctionsMatch> Matches);

/// <summary>What a level 3 application case keeps besides the (encrypted) name: the profile the customer declared.</summary>
public sealed record KycUpgradeCaseContext(
    Guid ApplicationId, string Occupation, string? Employer, string SourceOfFunds, string AnnualIncome, string Purpose, DateTimeOffset SubmittedAt);

/// <summary>The customer's screened payments over the <see cref="Days"/> days before a case was opened (amounts in <see cref="CountedCurrency"/>).</summary>
public sealed record RecentActivity(int Screened, long AmountMinor, string Currency, int Reviews, int Declines)
{
    public const int Days = 30;
    public const string CountedCurrency = "CNY";
}

/// <summary>Read when a level 3 application is shown: the customer's current KYC level and recent activity.</summary>
public sealed record CustomerStanding(int? KycLevel, RecentActivity? Activity)
{
    public static readonly CustomerStanding None = new(null, null);
}

internal static class CaseViews
{
    public static IReadOnlyList<ReasonView> Reasons(string json) =>
        [.. (JsonSerializer.Deserialize<List<DecisionReason>>(json, JsonSerializerOptions.Web) ?? []).Select(r => new ReasonView(r.Code, r.Message))];

    public static CaseItem Item(CaseRow c, string officer) => new(
        c.Id, c.Kind, c.Status, c.CustomerId, c.SubjectId, c.OpenedAt, c.Score, Reasons(c.Reasons), c.Summary, c.Resolution, c.ResolvedAt,
        AssigneeOf(c, officer));

    public static CaseDetail Detail(CaseRow c, string officer, DecisionRow? decision, IReadOnlyList<HistoryItem> history, CustomerStanding standing,
        IReadOnlyList<CaseNote> notes) => new(
        c.Id, c.Kind, c.Status, c.CustomerId, c.SubjectId, c.OpenedAt, c.Score, Reasons(c.Reasons), c.Summary, c.Resolution,
        c.ResolvedAt, c.Comment, c.ResolvedByName ?? c.ResolvedBy, ContextOf(c, decision, standing), history, AssigneeOf(c, officer), notes);

    /// <summary>Only open cases have someone working on them; a closed case's assignee is history, in the audit trail.</summary>
    private static CaseAssignee? AssigneeOf(CaseRow c, string officer) => c is { Status: CaseStatus.Open, AssignedTo: { } id, AssignedAt: { } since }
        ? new CaseAssignee(c.AssignedToName ?? id, id == officer, since)
        : null;

    private static JsonObject ContextOf(CaseRow c, DecisionRow? d, CustomerStanding standing)
    {
        if (c.Kind == CaseKinds.KycUpgrade)
        {
            var application = JsonSerializer.Deserialize<KycUpgradeCaseContext>(c.Context ?? "{}", JsonSerializerOptions.Web)!;
            return new JsonObject
            {
                ["kycUpgrade"] = JsonSerializer.SerializeToNode(new
                {
                    application.ApplicationId, LegalName = c.SubjectName, standing.KycLevel, application.Occupation, application.Employer,
                    application.SourceOfFunds, application.AnnualIncome, application.Purpose, application.SubmittedAt,
                    Activity30Days = standing.Activity,
                }, JsonSerializerOptions.Web),
            };
        }
        if (c.Kind == CaseKinds.Kyc)
        {
            var kyc = JsonSerializer.Deserialize<KycCaseContext>(c.Context ?? "{}", JsonSerializerOptions.Web)!;
            return new JsonObject
            {
                ["kyc"] = JsonSerializer.SerializeToNode(new
                {
                    kyc.SubmissionId, LegalName = c.SubjectName, kyc.DateOfBirth, kyc.Nationality,
                    Matches = kyc.Matches.Select(m => new { m.EntNum, m.Name, m.Score, m.Reasons }),
                }, JsonSerializerOptions.Web),
            };
        }
        if (d is null) return [];
        return new JsonObject
        {
            ["transaction"] = JsonSerializer.SerializeToNode(new
            {
                d.TransactionId, d.Type, d.Amount, d.Currency, d.PayerId, d.PayeeId, d.PayeeName, d.Channel, d.DeviceId, d.IpAddress, d.OccurredAt,
            }, JsonSerializerOptions.Web),
            ["decision"] = JsonSerializer.SerializeToNode(new
            {
                DecisionId = d.Id, d.Outcome, d.Score, d.ModelScore, d.ModelVersion,
                Reasons = JsonSerializer.Deserialize<List<DecisionReason>>(d.Reasons, JsonSerializerOptions.Web),
                ShadowReasons = JsonSerializer.Deserialize<List<DecisionReason>>(d.ShadowReasons, JsonSerializerOptions.Web),
            }, JsonSerializerOptions.Web),
        };
    }
}
