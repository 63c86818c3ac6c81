using Jade.Risk.Screening;

namespace Jade.Risk.Rules.Starter;

/// <summary>
/// Structuring ("smurfing"): several amounts just under the reporting threshold within 24 h, which no single
/// transaction reveals.
/// </summary>
internal sealed class Structuring : IRuleEvaluator
{
    public string Code => "structuring";
    public string Name => "Structuring under the reporting threshold";
    public string Description => "Reviews when the customer makes several outgoing transactions within a band just under the reporting threshold in 24 h.";
    public string DefaultAction => RuleActions.Review;
    public int DefaultScore => 700;
    public IReadOnlyDictionary<string, long> DefaultParameters { get; } = new Dictionary<string, long>
    {
        ["threshold"] = 5_000_000,
        ["bandPercent"] = 10,
        ["minCount"] = 3,
    };
    public IReadOnlyDictionary<string, ParameterRange> Ranges { get; } = new Dictionary<string, ParameterRange>
    {
        ["threshold"] = ParameterRange.Amount,
        ["bandPercent"] = ParameterRange.Percent,
        // The transaction being screened counts, so 1 is the least that means anything.
        ["minCount"] = new(1, 1_000, "transactions within 24 h"),
    };

    public RuleHit? Evaluate(RuleInput input, RuleParameters p)
    {
        var threshold = p["threshold"];
        if (threshold <= 0 || !Amounts.IsOutgoing(input.Transaction.Type)) return null;
        var floor = threshold - threshold * p["bandPercent"] / 100;
        bool InBand(long amount) => amount >= floor && amount < threshold;
        if (!InBand(input.Transaction.Amount)) return null;
        var count = 1 + input.Behaviour.PayerOutgoing24h.Count(t => Amounts.IsOutgoing(t.Type) && InBand(t.Amount));
        return count >= p["minCount"]
            ? new RuleHit(Code, $"{count} transactions between {Amounts.Format(floor)} and {Amounts.Format(threshold)} within 24h.")
            : null;
    }
}

/// <summary>Rapid in-and-out: money received from others and passed on within hours, the mark of a mule account.</summary>
internal sealed class RapidInAndOut : IRuleEvaluator
{
    public string Code => "rapid_in_out";
    public string Name => "Rapid in-and-out (mule pattern)";
    public string Description => "Reviews when a customer sends on most of what they received from others within a short window.";
    public string DefaultAction => RuleActions.Review;
    public int DefaultScore => 650;
    public IReadOnlyDictionary<string, long> DefaultParameters { get; } = new Dictionary<string, long>
    {
        ["windowMinutes"] = 360,
        ["minIncoming"] = 500_000,
        ["outPercent"] = 70,
    };
    public IReadOnlyDictionary<string, ParameterRange> Ranges { get; } = new Dictionary<string, ParameterRange>
    {
        // The behaviour snapshot holds the payer's last 24 hours of money in and out: a longer window would see no more.
        ["windowMinutes"] = new(0, 24 * 60, "minutes, 0 = off"),
        ["minIncoming"] = ParameterRange.Amount,
        ["outPercent"] = ParameterRange.Percent,
    };

    public RuleHit? Evaluate(RuleInput input, RuleParameters p)
    {
        var tx = input.Transaction;
        if (!Amounts.IsOutgoing(tx.Type) || p["windowMinutes"] <= 0) return null;
        var since = tx.OccurredAt.AddMinutes(-p["windowMinutes"]);
        var received = input.Behaviour.PayerIncoming24h.Where(t => t.At > since).Sum(t => t.Amount);
        if (received <= 0 || received < p["minIncoming"]) return null;
        var sent = tx.Amount + input.Behaviour.PayerOutgoing24h.Where(t => t.At > since && Amounts.IsOutgoing(t.Type)).Sum(t => t.Amount);
        // In decimal: a day's sums times a percentage can pass long's range.
        return sent * 100m >= received * (decimal)p["outPercent"]
            ? new RuleHit(Code, $"Sent on {Amounts.Format(sent)} of {Amounts.Format(received)} received within {p["windowMinutes"]} minutes.")
            : null;
    }
}

/// <summary>A payee whose name matches the sanctions list: a possible match goes to an officer.</summary>
internal sealed class SanctionedPayee : IRuleEvaluator
{
    public string Code => "sanctioned_payee";
    public string Name => "Sanctioned payee";
    public string Description => "Reviews a payment whose payee name matches an OFAC SDN entry at or above the score (percent).";
    public string DefaultAction => RuleActions.Review;
    public int DefaultScore => 800;
    public IReadOnlyDictionary<string, long> DefaultParameters { get; } = new Dictionary<string, long> { ["minScorePercent"] = 85 };
    public IReadOnlyDictionary<string, ParameterRange> Ranges { get; } = new Dictionary<string, ParameterRange> { ["minScorePercent"] = ParameterRange.Percent };

    public RuleHit? Evaluate(RuleInput input, RuleParameters p) =>
        input.PayeeSanctionsMatch is { } match && match.Score * 100 >= p["minScorePercent"]
            ? new RuleHit(Code, $"Payee name matches SDN entry {match.EntNum} ({match.Name}) at {match.Score:P0}.")
            : null;
}

/// <summary>The fraud model's probability against two thresholds, so officers tune the model's bite without a deploy.</summary>
internal sealed class FraudModelThreshold : IRuleEvaluator
{
    public string Code => "fraud_model";
    public string Name => "Fraud model score";
    public string Description => "Reviews at or above the review threshold and declines at or above the decline threshold (per mille probability).";
    public string DefaultAction => RuleActions.Review;
    public int DefaultScore => 0;
    public IReadOnlyDictionary<string, long> DefaultParameters { get; } = new Dictionary<string, long>
    {
        ["reviewAtPermille"] = 500,
        ["declineAtPermille"] = 950,
    };
    public IReadOnlyDictionary<string, ParameterRange> Ranges { get; } = new Dictionary<string, ParameterRange>
    {
        ["reviewAtPermille"] = ParameterRange.Permille,
        ["declineAtPermille"] = ParameterRange.Permille,
    };

    public RuleHit? Evaluate(RuleInput input, RuleParameters p)
    {
        var permille = (long)MathF.Round(input.ModelProbability * 1000);
        if (p["declineAtPermille"] > 0 && permille >= p["declineAtPermille"])
        {
            return new RuleHit(Code, $"Fraud model probability {permille}‰ is at or above the decline threshold.", RuleActions.Decline);
        }
        return p["reviewAtPermille"] > 0 && permille >= p["reviewAtPermille"]
            ? new RuleHit(Code, $"Fraud model probability {permille}‰ is at or above the review threshold.", RuleActions.Review)
            : null;
    }
}
