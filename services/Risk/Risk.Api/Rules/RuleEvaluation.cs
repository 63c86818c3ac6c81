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
    /// <summary>
    /// The values each parameter may take (the same keys as <see cref="DefaultParameters"/>): what the rule's logic
    /// can compute with and what means something for it. A proposal outside them is refused.
    /// </summary>
    IReadOnlyDictionary<string, ParameterRange> Ranges { get; }
    RuleHit? Evaluate(RuleInput input, RuleParameters parameters);
}

/// <summary>The values one rule parameter may take, inclusive, and what they count (for the officer's message).</summary>
public sealed record ParameterRange(long Min, long Max, string Unit)
{
    /// <summary>A money limit or threshold; 0 switches it off. At most the largest amount screening accepts.</summary>
    public static readonly ParameterRange Amount = new(0, Screening.ScreeningValidation.MaxAmount, "minor units, 0 = off");
    /// <summary>A share of something, in percent.</summary>
    public static readonly ParameterRange Percent = new(0, 100, "percent");
    /// <summary>A model probability threshold; 0 switches it off.</summary>
    public static readonly ParameterRange Permille = new(0, 1_000, "per mille, 0 = off");
    /// <summary>A ceiling on a number of transactions or customers; 0 switches it off.</summary>
    public static readonly ParameterRange Count = new(0, 1_000_000, "0 = off");
    /// <summary>A yes/no switch.</summary>
    public static readonly ParameterRange Flag = new(0, 1, "0 = no, 1 = yes");

    public bool Contains(long value) => value >= Min && value <= Max;

    public override string ToString() => $"{Min} to {Max} ({Unit})";
}

/// <summary>A rule's numeric parameters. Money parameters are minor units; 0 switches a limit off.</summary>
public sealed class RuleParameters(IReadOnlyDictionary<string, long> values)
{
    public long this[string name] => values.TryGetValue(name, out var v) ? v : 0;
    public IReadOnlyDictionary<string, long> Values => values;
}
