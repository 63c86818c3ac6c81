using Jade.ServiceDefaults;
using System.Text.Json;
using Jade.Persistence;
using Jade.Persistence.Idempotency;
using Jade.Risk.Decisions;
using Jade.Risk.Rules.Starter;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Rules;

/// <summary>
/// The rule editor's API with four eyes: one officer proposes a change, a different officer approves it, and only
/// then does it take effect (as a new version). Every step is audited.
/// </summary>
public static class RuleEndpoints
{
    public const int MaxComment = 500;

    public static IEndpointRouteBuilder MapRuleEndpoints(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/risk/rules").WithTags("Rules").RequireAuthorization(RiskAuthorization.OfficerPolicy);
        rules.MapGet("", ListAsync).WithName("ListRules");
        rules.MapGet("/{id:guid}/versions", VersionsAsync).WithName("ListRuleVersions");
        rules.MapGet("/{id:guid}/shadow-results", ShadowResultsAsync).WithName("ListShadowResults");
        // 409: another change to the rule is already waiting for approval.
        rules.MapPost("/{id:guid}/proposals", ProposeAsync).WithName("ProposeRuleChange").AcceptIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict);
        rules.MapGet("/proposals/{proposalId:guid}", GetProposalAsync).WithName("GetRuleProposal");
        // 403: the proposer approving their own change (four eyes); 409: no longer pending, or the rule moved on.
        rules.MapPost("/proposals/{proposalId:guid}/approve", ApproveAsync).WithName("ApproveRuleChange").AcceptIdempotencyKey()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        // 409: no longer pending.
        rules.MapPost("/proposals/{proposalId:guid}/reject", RejectAsync).WithName("RejectRuleChange").AcceptIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    internal static async Task<Ok<List<RuleView>>> ListAsync(RiskDb db, TimeProvider time, CancellationToken ct)
    {
        var rules = await db.Rules.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct);
        var pending = await db.RuleProposals.AsNoTracking().Where(p => p.Status == ProposalStatus.Pending).ToDictionaryAsync(p => p.RuleId, ct);
        var now = time.GetUtcNow();
        var active = (await RuleHitsAsync(db, shadow: false, now.AddDays(-7), now, ct)).ToDictionary(h => h.Code, h => h.Hits);
        var shadow = (await RuleHitsAsync(db, shadow: true, now.AddDays(-7), now, ct)).ToDictionary(h => h.Code, h => h.Hits);
        return TypedResults.Ok(rules.Select(r => RuleViews.Rule(r, pending.GetValueOrDefault(r.Id),
            shadow.GetValueOrDefault(r.Code), active.GetValueOrDefault(r.Code))).ToList());
    }

    private const string ActedHitsSql =
        "SELECT r->>'ruleCode' AS code, count(DISTINCT d.id)::int AS hits FROM risk.decisions d, jsonb_array_elements(d.reasons) r " +
        "WHERE d.decided_at >= {0} AND d.decided_at < {1} AND r->>'ruleCode' IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1";

    private const string ShadowHitsSql =
        "SELECT r->>'ruleCode' AS code, count(DISTINCT d.id)::int AS hits FROM risk.decisions d, jsonb_array_elements(d.shadow_reasons) r " +
        "WHERE d.decided_at >= {0} AND d.decided_at < {1} AND r->>'ruleCode' IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1";

    /// <summary>Decisions per rule code in [from, to), most hits first, from the reasons (acted or shadow) they recorded.</summary>
    internal static Task<List<RuleHitCount>> RuleHitsAsync(RiskDb db, bool shadow, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        db.Database.SqlQueryRaw<RuleHitCount>(shadow ? ShadowHitsSql : ActedHitsSql, from, to).ToListAsync(ct);

    internal static async Task<Results<Ok<List<RuleVersionView>>, NotFound>> VersionsAsync(Guid id, RiskDb db, CancellationToken ct)
    {
        if (!await db.Rules.AnyAsync(r => r.Id == id, ct)) return TypedResults.NotFound();
        var versions = await db.RuleVersions.AsNoTracking().Where(v => v.RuleId == id).OrderByDescending(v => v.Version).ToListAsync(ct);
        return TypedResults.Ok(versions.Select(v => new RuleVersionView(v.Version, v.Mode, v.Action, v.Score, RuleBook.ParseParameters(v.Parameters),
            v.ProposedByName ?? v.ProposedBy, v.ApprovedByName ?? v.ApprovedBy, v.ApprovedAt, v.Comment)).ToList());
    }

    internal static async Task<Results<Ok<ShadowResultPage>, NotFound, ValidationProblem>> ShadowResultsAsync(
        Guid id, int? page, int? pageSize, RiskDb db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.From(page, pageSize, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (await db.Rules.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) is not { } rule) return TypedResults.NotFound();
        var filter = JsonSerializer.Serialize(new[] { new { ruleCode = rule.Code } });
        var query = db.Decisions.AsNoTracking().Where(d => EF.Functions.JsonContains(d.ShadowReasons, filter));
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(d => d.DecidedAt).PageOf(paging)
            .Select(d => new { d.Id, d.TransactionId, d.OccurredAt, d.Outcome, d.ShadowReasons }).ToListAsync(ct);
        var items = rows.Select(d =>
        {
            var action = (JsonSerializer.Deserialize<List<DecisionReason>>(d.ShadowReasons, JsonSerializerOptions.Web) ?? [])
                .Where(r => r.RuleCode == rule.Code).Select(r => r.Action ?? Outcomes.Approve).Aggregate(Outcomes.Approve, Outcomes.Worst);
            return new ShadowResult(d.Id, d.TransactionId, d.OccurredAt, d.Outcome, Outcomes.Worst(d.Outcome, action));
        }).ToList();
        return TypedResults.Ok(new ShadowResultPage(items, paging.Page, paging.Size, total));
    }

    internal static async Task<Results<Created<ProposalView>, ValidationProblem, NotFound, ProblemHttpResult>> ProposeAsync(
        Guid id, ProposeRuleChange request, RiskDb db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (await db.Rules.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) is not { } rule) return TypedResults.NotFound();
        var errors = Validate(request, StarterRules.Find(rule.Code));
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var actor = AuditActor.Of(http);
        var now = time.GetUtcNow();
        var proposal = new RuleProposalRow
        {
            Id = Guid.CreateVersion7(now), RuleId = id, BaseVersion = rule.Version, Status = ProposalStatus.Pending, Mode = request.Mode!,
            Action = request.Action!, Score = request.Score!.Value, Parameters = JsonSerializer.Serialize(request.Parameters),
            Comment = request.Comment!.Trim(), ProposedBy = actor.Id, ProposedByName = actor.Name, ProposedAt = now,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.RuleProposals.Add(proposal);
        await db.AppendAuditAsync(actor, "rule.propose", "rule", rule.Code, Snapshot(rule), JsonSerializer.Serialize(RuleViews.Proposal(proposal), JsonSerializerOptions.Web), now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return TypedResults.Problem("A change to this rule is already waiting for approval.", statusCode: StatusCodes.Status409Conflict);
        }
        return TypedResults.Created($"/api/risk/rules/proposals/{proposal.Id}", RuleViews.Proposal(proposal));
    }

    internal static async Task<Results<Ok<ProposalView>, NotFound>> GetProposalAsync(Guid proposalId, RiskDb db, CancellationToken ct) =>
        await db.RuleProposals.AsNoTracking().SingleOrDefaultAsync(p => p.Id == proposalId, ct) is { } proposal
            ? TypedResults.Ok(RuleViews.Proposal(proposal))
            : TypedResults.NotFound();

    /// <summary>
    /// The proposal, locked for the rest of the transaction: an approval and a rejection racing each other apply one
    /// after the other, and the second finds the proposal decided (409) instead of overwriting the first.
    /// </summary>
    private static Task<RuleProposalRow?> LockAsync(RiskDb db, Guid proposalId, CancellationToken ct) =>
        db.RuleProposals.FromSql($"SELECT * FROM risk.rule_proposals WHERE id = {proposalId} FOR UPDATE").SingleOrDefaultAsync(ct);

    internal static async Task<Results<Ok<RuleView>, ValidationProblem, NotFound, ProblemHttpResult>> ApproveAsync(
        Guid proposalId, ProposalDecision request, RiskDb db, RuleBook book, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (Comment(request) is { } invalid) return invalid;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await LockAsync(db, proposalId, ct) is not { } proposal) return TypedResults.NotFound();
        var actor = AuditActor.Of(http);
        if (proposal.ProposedBy == actor.Id)
        {
            return TypedResults.Problem("Four eyes: a change must be approved by an officer other than the one who proposed it.",
                statusCode: StatusCodes.Status403Forbidden);
        }
        if (proposal.Status != ProposalStatus.Pending) return NotPending(proposal);
        var rule = await db.Rules.SingleAsync(r => r.Id == proposal.RuleId, ct);
        if (rule.Version != proposal.BaseVersion)
        {
            return TypedResults.Problem("The rule changed since this proposal was made; propose again.", statusCode: StatusCodes.Status409Conflict);
        }
        var now = time.GetUtcNow();
        var before = Snapshot(rule);
        rule.Mode = proposal.Mode;
        rule.Action = proposal.Action;
        rule.Score = proposal.Score;
        rule.Parameters = proposal.Parameters;
        rule.Version++;
        rule.UpdatedAt = now;
        rule.ApprovedBy = actor.Name ?? actor.Id;
        Decide(proposal, ProposalStatus.Approved, actor, request, now);
        db.RuleVersions.Add(new RuleVersionRow
        {
            RuleId = rule.Id, Version = rule.Version, Mode = rule.Mode, Action = rule.Action, Score = rule.Score, Parameters = rule.Parameters,
            ProposedBy = proposal.ProposedBy, ProposedByName = proposal.ProposedByName, ApprovedBy = actor.Id, ApprovedByName = actor.Name,
            ApprovedAt = now, Comment = proposal.Comment,
        });
        await db.AppendAuditAsync(actor, "rule.approve", "rule", rule.Code, before, Snapshot(rule), now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Problem("The rule changed while approving; reload and try again.", statusCode: StatusCodes.Status409Conflict);
        }
        await book.LoadAsync(db, ct);
        return TypedResults.Ok(RuleViews.Rule(rule, null, 0, 0));
    }

    internal static async Task<Results<Ok<ProposalView>, ValidationProblem, NotFound, ProblemHttpResult>> RejectAsync(
        Guid proposalId, ProposalDecision request, RiskDb db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (Comment(request) is { } invalid) return invalid;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await LockAsync(db, proposalId, ct) is not { } proposal) return TypedResults.NotFound();
        if (proposal.Status != ProposalStatus.Pending) return NotPending(proposal);
        var actor = AuditActor.Of(http);
        var now = time.GetUtcNow();
        var code = await db.Rules.Where(r => r.Id == proposal.RuleId).Select(r => r.Code).SingleAsync(ct);
        var before = JsonSerializer.Serialize(RuleViews.Proposal(proposal), JsonSerializerOptions.Web);
        Decide(proposal, ProposalStatus.Rejected, actor, request, now);
        // Filed under the rule, like its proposal and approval, so the rule's audit history shows the change it did not get.
        var after = JsonSerializer.Serialize(new { ProposalId = proposal.Id, proposal.Status, Comment = proposal.DecisionComment }, JsonSerializerOptions.Web);
        await db.AppendAuditAsync(actor, "rule.reject", "rule", code, before, after, now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(RuleViews.Proposal(proposal));
    }

    private static void Decide(RuleProposalRow proposal, string status, AuditActor actor, ProposalDecision request, DateTimeOffset now)
    {
        proposal.Status = status;
        proposal.DecidedBy = actor.Id;
        proposal.DecidedByName = actor.Name;
        proposal.DecidedAt = now;
        proposal.DecisionComment = request.Comment?.Trim();
    }

    private static ValidationProblem? Comment(ProposalDecision request) => request.Comment switch
    {
        { Length: > MaxComment } =>
            TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["comment"] = [$"comment must be at most {MaxComment} characters."] }),
        { } comment when FreeText.HasControlCharacters(comment, multiLine: true) =>
            TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["comment"] = [ControlCharacters] }),
        _ => null,
    };

    private const string ControlCharacters = "comment must not contain control characters other than line breaks and tabs.";

    private static ProblemHttpResult NotPending(RuleProposalRow proposal) =>
        TypedResults.Problem($"The proposal is no longer pending ({proposal.Status}).", statusCode: StatusCodes.Status409Conflict);

    private static string Snapshot(RuleRow rule) => JsonSerializer.Serialize(
        new { rule.Version, rule.Mode, rule.Action, rule.Score, Parameters = RuleBook.ParseParameters(rule.Parameters) }, JsonSerializerOptions.Web);

    private static Dictionary<string, string[]> Validate(ProposeRuleChange request, IRuleEvaluator? evaluator)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Mode is null || !RuleModes.All.Contains(request.Mode)) errors["mode"] = ["mode must be active, shadow or disabled."];
        if (request.Action is null || !RuleActions.All.Contains(request.Action)) errors["action"] = ["action must be review or decline."];
        if (request.Score is not (>= 0 and <= 1000)) errors["score"] = ["score must be between 0 and 1000."];
        if (request.Comment?.Trim() is not { Length: > 0 and <= MaxComment } comment) errors["comment"] = [$"comment is required (1 to {MaxComment} characters)."];
        else if (FreeText.HasControlCharacters(comment, multiLine: true)) errors["comment"] = [ControlCharacters];
        if (request.Parameters is null)
        {
            errors["parameters"] = ["parameters are required."];
        }
        else if (evaluator is not null)
        {
            foreach (var name in request.Parameters.Keys.Where(k => !evaluator.DefaultParameters.ContainsKey(k)))
            {
                errors[$"parameters.{name}"] = [$"{name} is not a parameter of this rule."];
            }
            foreach (var name in evaluator.DefaultParameters.Keys.Where(k => !request.Parameters.ContainsKey(k)))
            {
                errors[$"parameters.{name}"] = [$"{name} is required."];
            }
            // Each parameter within what its rule can compute with and what means something for it: a window of two
            // billion minutes made the rule throw on every transaction, a percentage of 10^13 overflowed, a threshold
            // above 100 % silently switched its rule off.
            foreach (var (name, value) in request.Parameters)
            {
                if (evaluator.Ranges.TryGetValue(name, out var range) && !range.Contains(value))
                {
                    errors[$"parameters.{name}"] = [$"{name} must be from {range}."];
                }
            }
        }
        return errors;
    }
}

internal sealed record RuleHitCount(string Code, int Hits);
