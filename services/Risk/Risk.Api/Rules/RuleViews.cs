namespace Jade.Risk.Rules;

public sealed record ProposalView(
    Guid Id, Guid RuleId, string Status, string ProposedBy, string? ProposedByName, DateTimeOffset ProposedAt, string Mode, string Action,
    int Score, IReadOnlyDictionary<string, long> Parameters, string Comment, string? DecidedBy, DateTimeOffset? DecidedAt);

public sealed record RuleView(
    Guid Id, string Code, string Name, string Description, string Mode, string Action, int Score,
    IReadOnlyDictionary<string, long> Parameters, int Version, DateTimeOffset UpdatedAt, string? ApprovedBy,
    ProposalView? PendingProposal, int ShadowHits7d, int ActiveHits7d);

public sealed record RuleVersionView(
    int Version, string Mode, string Action, int Score, IReadOnlyDictionary<string, long> Parameters, string ProposedBy,
    string ApprovedBy, DateTimeOffset ApprovedAt, string? Comment);

public sealed record ShadowResult(Guid DecisionId, Guid TransactionId, DateTimeOffset OccurredAt, string Outcome, string WouldHaveBeen);

public sealed record ShadowResultPage(IReadOnlyList<ShadowResult> Items, int Page, int PageSize, int Total);

public sealed record ProposeRuleChange(string? Mode, string? Action, int? Score, Dictionary<string, long>? Parameters, string? Comment);

public sealed record ProposalDecision(string? Comment);

internal static class RuleViews
{
    public static ProposalView Proposal(RuleProposalRow p) => new(
        p.Id, p.RuleId, p.Status, p.ProposedBy, p.ProposedByName, p.ProposedAt, p.Mode, p.Action, p.Score,
        RuleBook.ParseParameters(p.Parameters), p.Comment, p.DecidedByName ?? p.DecidedBy, p.DecidedAt);

    public static RuleView Rule(RuleRow r, RuleProposalRow? pending, int shadowHits, int activeHits) => new(
        r.Id, r.Code, r.Name, r.Description, r.Mode, r.Action, r.Score, RuleBook.ParseParameters(r.Parameters), r.Version, r.UpdatedAt,
        r.ApprovedBy, pending is null ? null : Proposal(pending), shadowHits, activeHits);
}
