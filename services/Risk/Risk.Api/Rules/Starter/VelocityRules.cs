using Jade.Risk.Behaviour;

namespace Jade.Risk.Rules.Starter;

/// <summary>
/// Count and sum ceilings over 1 min / 1 h / 24 h / 7 d for one subject (payer, device or payee), counting the
/// transaction being screened. The first window over its ceiling names the reason, e.g. <c>velocity_payer.count_1h</c>.
/// </summary>
internal abstract class VelocityRule : IRuleEvaluator
{
    private static readonly (VelocityWindow Window, string Suffix)[] Windows =
    [
        (VelocityWindow.OneMinute, "1m"), (VelocityWindow.OneHour, "1h"), (VelocityWindow.TwentyFourHours, "24h"), (VelocityWindow.SevenDays, "7d"),
    ];

    public abstract string Code { get; }
    public abstract string Name { get; }
    public abstract string Description { get; }
    public string DefaultAction => RuleActions.Review;
    public int DefaultScore => 500;
    public abstract IReadOnlyDictionary<string, long> DefaultParameters { get; }
    public abstract IReadOnlyDictionary<string, ParameterRange> Ranges { get; }

    /// <summary>The subject's history, or null when the transaction has no such subject (no device id, no payee).</summary>
    protected abstract WindowStats? StatsOf(RuleInput input);
    protected abstract string Subject { get; }

    public virtual RuleHit? Evaluate(RuleInput input, RuleParameters p)
    {
        if (StatsOf(input) is not { } stats) return null;
        foreach (var (window, suffix) in Windows)
        {
            var maxCount = p[$"maxCount{suffix}"];
            var count = stats.Count(window) + 1;
            if (maxCount > 0 && count > maxCount)
            {
                return new RuleHit($"{Code}.count_{suffix}", $"{count} transactions by this {Subject} within {suffix} (limit {maxCount}).");
            }
            var maxSum = p[$"maxSum{suffix}"];
            var sum = stats.Sum(window) + input.Transaction.Amount;
            if (maxSum > 0 && sum > maxSum)
            {
                return new RuleHit($"{Code}.sum_{suffix}", $"{Amounts.Format(sum)} moved by this {Subject} within {suffix} (limit {Amounts.Format(maxSum)}).");
            }
        }
        return null;
    }

    /// <summary>Count ceilings are counts, sum ceilings amounts; 0 switches either off.</summary>
    protected static Dictionary<string, ParameterRange> LimitRanges() => Windows.SelectMany(w => new[]
    {
        KeyValuePair.Create($"maxCount{w.Suffix}", ParameterRange.Count), KeyValuePair.Create($"maxSum{w.Suffix}", ParameterRange.Amount),
    }).ToDictionary();

    protected static Dictionary<string, long> Limits(long c1m, long c1h, long c24h, long c7d, long s1m, long s1h, long s24h, long s7d) => new()
    {
        ["maxCount1m"] = c1m, ["maxCount1h"] = c1h, ["maxCount24h"] = c24h, ["maxCount7d"] = c7d,
        ["maxSum1m"] = s1m, ["maxSum1h"] = s1h, ["maxSum24h"] = s24h, ["maxSum7d"] = s7d,
    };
}

internal sealed class PayerVelocity : VelocityRule
{
    public override string Code => "velocity_payer";
    public override string Name => "Customer velocity";
    public override string Description => "Reviews when the paying customer's count or sum of outgoing transactions exceeds a ceiling in any window.";
    protected override string Subject => "customer";
    public override IReadOnlyDictionary<string, long> DefaultParameters { get; } =
        Limits(5, 20, 60, 250, 5_000_000, 10_000_000, 20_000_000, 60_000_000);
    public override IReadOnlyDictionary<string, ParameterRange> Ranges { get; } = LimitRanges();

    protected override WindowStats? StatsOf(RuleInput input) =>
        Amounts.IsOutgoing(input.Transaction.Type) ? input.Behaviour.Payer : null;
}

internal sealed class DeviceVelocity : VelocityRule
{
    public override string Code => "velocity_device";
    public override string Name => "Device velocity";
    public override string Description => "Reviews when one device (across all customers using it) exceeds a count or sum ceiling in any window.";
    protected override string Subject => "device";
    public override IReadOnlyDictionary<string, long> DefaultParameters { get; } =
        new Dictionary<string, long>(Limits(6, 30, 80, 300, 5_000_000, 10_000_000, 20_000_000, 60_000_000)) { ["maxDistinctPayers7d"] = 2 };
    public override IReadOnlyDictionary<string, ParameterRange> Ranges { get; } =
        new Dictionary<string, ParameterRange>(LimitRanges()) { ["maxDistinctPayers7d"] = ParameterRange.Count };

    protected override WindowStats? StatsOf(RuleInput input) =>
        input.Transaction.DeviceId is not null && Amounts.IsOutgoing(input.Transaction.Type) ? input.Behaviour.Device : null;

    /// <summary>Besides volume, how many customers one device pays for: a fraudster's phone cycles through victims.</summary>
    public override RuleHit? Evaluate(RuleInput input, RuleParameters p)
    {
        if (StatsOf(input) is null) return null;
        var payers = input.Behaviour.DevicePayerCount7d + (input.Behaviour.IsNewDevice ? 1 : 0);
        var max = p["maxDistinctPayers7d"];
        return max > 0 && payers > max
            ? new RuleHit($"{Code}.distinct_payers_7d", $"{payers} customers paid from this device within 7d (limit {max}).")
            : base.Evaluate(input, p);
    }
}

internal sealed class PayeeVelocity : VelocityRule
{
    public override string Code => "velocity_payee";
    public override string Name => "Payee velocity";
    public override string Description => "Reviews person-to-person payments to a payee receiving more than a ceiling in any window (mule collection).";
    protected override string Subject => "payee";
    public override IReadOnlyDictionary<string, long> DefaultParameters { get; } =
        new Dictionary<string, long>(Limits(5, 15, 40, 150, 5_000_000, 10_000_000, 20_000_000, 60_000_000)) { ["maxDistinctPayers24h"] = 6 };
    public override IReadOnlyDictionary<string, ParameterRange> Ranges { get; } =
        new Dictionary<string, ParameterRange>(LimitRanges()) { ["maxDistinctPayers24h"] = ParameterRange.Count };

    // Merchants legitimately receive from thousands; only person-to-person money is checked.
    protected override WindowStats? StatsOf(RuleInput input) =>
        input.Transaction is { Type: Screening.TransactionTypes.P2P, PayeeId: not null } ? input.Behaviour.Payee : null;

    /// <summary>Besides volume, how many different people pay one person in a day: a mule collects from many victims.</summary>
    public override RuleHit? Evaluate(RuleInput input, RuleParameters p)
    {
        if (StatsOf(input) is null) return null;
        var payers = input.Behaviour.DistinctPayersOfPayee24h + (input.Behaviour.IsNewPayee ? 1 : 0);
        var max = p["maxDistinctPayers24h"];
        return max > 0 && payers > max
            ? new RuleHit($"{Code}.distinct_payers_24h", $"{payers} different customers paid this payee within 24h (limit {max}).")
            : base.Evaluate(input, p);
    }
}
