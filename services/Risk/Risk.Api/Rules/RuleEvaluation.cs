using Jade.Risk.Behaviour;
using Jade.Risk.Sanctions;
using Jade.Risk.Screening;

namespace Jade.Risk.Rules;

/// <summary>Everything a rule may look at for one transaction; all of it is in memory by the time rules run.</summary>
public sealed record RuleInput(
    ScreeningTransaction Transaction,
    BehaviourSnapshot Behaviour,
    int KycLevel,
    SanctionsMatch? PayeeSanctionsMatch,
    float ModelProbability);

/// <summary>
/// A rule fired. <paramref name="ReasonCode"/> is stable (the rule code, optionally a detail such as
/// <c>velocity_payer.count_1h</c>); <paramref name="Action"/> overrides the rule's configured action when the rule
/// itself grades severity (the fraud model's two thresholds).
/// </summary>
public sealed record RuleHit(string ReasonCode, string Message, string? Action = null);

/// <summary>The logic behind one rule code. Parameters come from the rule's current, approved version.</summary>
public interface IRuleEvaluator
{
    string Code { get; }
    string Name { get; }
    string Description { get; }
    string DefaultAction { get; }
    int DefaultScore { get; }
    /// <summary>Every parameter the rule reads, with its starter value; a proposal may set exactly these.</summary>
    IReadOnlyDictionary<string, long> DefaultParameters { get; }
    RuleHit? Evaluate(RuleInput input, RuleParameters parameters);
}

/// <summary>A rule's numeric parameters. Money parameters are minor units; 0 switches a limit off.</summary>
public sealed class RuleParameters(IReadOnlyDictionary<string, long> values)
{
    public long this[string name] => values.TryGetValue(name, out var v) ? v : 0;
    public IReadOnlyDictionary<string, long> Values => values;
}
