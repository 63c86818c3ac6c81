using System.Collections.Concurrent;
using System.Text.Json;
using Jade.Risk.Decisions;
using Jade.Risk.Rules.Starter;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Rules;

/// <summary>One rule as it runs: its approved version's mode, action, score and parameters, with its logic.</summary>
public sealed record CompiledRule(Guid Id, string Code, int Version, string Mode, string Action, int Score, IRuleEvaluator Evaluator, RuleParameters Parameters);

/// <summary>
/// What the rules made of one transaction: the most severe action of the active rules that fired (approve when none
/// did), the highest score among them, their reasons, and the reasons of the shadow rules that fired (never acted on).
/// </summary>
public sealed record RuleResults(string Outcome, int Score, List<DecisionReason> Reasons, List<DecisionReason> ShadowReasons);

/// <summary>
/// The current rule set, held in memory so screening never waits on the database for it. Replaced as a whole
/// (readers see the old or the new set, never a mix) when an approval lands here or another replica's approval is
/// noticed by <see cref="RuleBookRefresher"/>.
/// </summary>
public sealed class RuleBook(ILogger<RuleBook> logger)
{
    /// <summary>The reason code of an active rule that threw: the transaction goes to an officer instead.</summary>
    public const string RuleErrorCode = "rule_error";

    private volatile IReadOnlyList<CompiledRule> _rules = [];
    private volatile bool _loaded;
    // Rule versions whose failure was logged: a broken rule fails on every transaction, and one stack trace says it all.
    private readonly ConcurrentDictionary<(Guid, int), bool> _failureLogged = new();

    public IReadOnlyList<CompiledRule> Rules => _rules;
    public bool Loaded => _loaded;
    /// <summary>Sum of rule versions: changes whenever any rule changes, so a cheap query tells staleness.</summary>
    public long Fingerprint { get; private set; } = -1;

    public async Task LoadAsync(RiskDb db, CancellationToken ct)
    {
        var rows = await db.Rules.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct);
        _rules = [.. rows.Select(Compile).OfType<CompiledRule>()];
        Fingerprint = rows.Sum(r => (long)r.Version);
        _loaded = true;
    }

    /// <summary>Every rule of the current set on one transaction. Refuses before the set is loaded: an empty book
    /// would approve everything.</summary>
    public RuleResults Evaluate(RuleInput input)
    {
        if (!_loaded) throw new InvalidOperationException("The rule book is not loaded yet; screening must wait for it.");
        return Evaluate(_rules, input, (rule, ex) =>
        {
            if (_failureLogged.TryAdd((rule.Id, rule.Version), true))
            {
                logger.LogError(ex, "Rule {Rule} (version {Version}, {Mode}) failed on transaction {TransactionId}; logged once per version",
                    rule.Code, rule.Version, rule.Mode, input.Transaction.TransactionId);
            }
        });
    }

    /// <summary>
    /// Runs <paramref name="rules"/> on one transaction. A rule that throws (parameters its logic cannot take, a bug)
    /// never fails the screening: a shadow rule is skipped, an active one sends the transaction to review with
    /// <see cref="RuleErrorCode"/>, since a rule that could not look is no reason to approve. Either way
    /// <paramref name="failed"/> hears of it.
    /// </summary>
    internal static RuleResults Evaluate(IReadOnlyList<CompiledRule> rules, RuleInput input, Action<CompiledRule, Exception> failed)
    {
        var outcome = Outcomes.Approve;
        var score = 0;
        var reasons = new List<DecisionReason>();
        var shadow = new List<DecisionReason>();
        foreach (var rule in rules)
        {
            if (rule.Mode == RuleModes.Disabled) continue;
            RuleHit? hit;
            try
            {
                hit = rule.Evaluator.Evaluate(input, rule.Parameters);
            }
            catch (Exception ex)
            {
                failed(rule, ex);
                if (rule.Mode == RuleModes.Shadow) continue;
                reasons.Add(new DecisionReason(RuleErrorCode, $"Rule {rule.Code} could not be evaluated; an officer reviews the transaction.",
                    rule.Code, RuleActions.Review));
                outcome = Outcomes.Worst(outcome, RuleActions.Review);
                continue;
            }
            if (hit is null) continue;
            var action = hit.Action ?? rule.Action;
            var reason = new DecisionReason(hit.ReasonCode, hit.Message, rule.Code, action);
            if (rule.Mode == RuleModes.Shadow)
            {
                shadow.Add(reason);
                continue;
            }
            reasons.Add(reason);
            outcome = Outcomes.Worst(outcome, action);
            score = Math.Max(score, rule.Score);
        }
        return new RuleResults(outcome, score, reasons, shadow);
    }

    private static CompiledRule? Compile(RuleRow row) =>
        StarterRules.Find(row.Code) is { } evaluator
            ? new CompiledRule(row.Id, row.Code, row.Version, row.Mode, row.Action, row.Score, evaluator, new RuleParameters(ParseParameters(row.Parameters)))
            : null;

    public static Dictionary<string, long> ParseParameters(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [];
}

/// <summary>Loads the rule book at start-up and reloads it when another replica approved a change.</summary>
internal sealed class RuleBookRefresher(IServiceScopeFactory scopes, RuleBook book, ILogger<RuleBookRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<RiskDb>();
                var fingerprint = await db.Rules.SumAsync(r => (long)r.Version, stoppingToken);
                if (fingerprint != book.Fingerprint || !book.Loaded)
                {
                    await book.LoadAsync(db, stoppingToken);
                    logger.LogInformation("Rule book loaded: {Count} rules, fingerprint {Fingerprint}", book.Rules.Count, book.Fingerprint);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Rule book refresh failed; keeping the current rules");
            }
            await Task.Delay(Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
