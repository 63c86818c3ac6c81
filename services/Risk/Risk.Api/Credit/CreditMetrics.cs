namespace Jade.Risk.Credit;

/// <summary>
/// The German Credit cost matrix (Hofmann's): approving an applicant who defaults costs 5, declining one who would
/// have repaid costs 1, a right decision costs nothing. Declining means probability of default ≥ threshold.
/// </summary>
public static class CreditMetrics
{
    public const double BadApprovedCost = 5;
    public const double GoodDeclinedCost = 1;

    /// <summary>Area under the ROC curve (Mann–Whitney), ties counted as half; "positive" is bad.</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> isBad)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSumBad = 0;
        var bads = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            var averageRank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
            {
                if (!isBad[order[k]]) continue;
                rankSumBad += averageRank;
                bads++;
            }
            start = end + 1;
        }
        var goods = scores.Count - bads;
        if (bads == 0 || goods == 0) throw new InvalidOperationException("AUC needs both good and bad applicants.");
        return (rankSumBad - bads * (bads + 1) / 2.0) / ((double)bads * goods);
    }

    /// <summary>Total cost of declining every applicant whose score is at or above <paramref name="threshold"/>.</summary>
    public static double Cost(IReadOnlyList<double> scores, IReadOnlyList<bool> isBad, double threshold)
    {
        double cost = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            var declined = scores[i] >= threshold;
            if (isBad[i] && !declined) cost += BadApprovedCost;
            else if (!isBad[i] && declined) cost += GoodDeclinedCost;
        }
        return cost;
    }

    /// <summary>
    /// The threshold with the least cost on these scores, put halfway between the two neighbouring scores so a
    /// new applicant a hair away from a training score is not decided by where floating point happens to fall.
    /// Returns 0 for "decline all" and a value above 1 for "approve all" when either is cheapest.
    /// </summary>
    public static double CostOptimalThreshold(IReadOnlyList<double> scores, IReadOnlyList<bool> isBad)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        // Declining everyone: every good applicant is a cost.
        double cost = isBad.Count(b => !b) * GoodDeclinedCost;
        var bestCost = cost;
        var bestThreshold = 0.0;
        for (var k = 0; k < order.Length; k++)
        {
            // Moving applicant k from declined to approved.
            cost += isBad[order[k]] ? BadApprovedCost : -GoodDeclinedCost;
            var isBoundary = k == order.Length - 1 || scores[order[k + 1]] > scores[order[k]];
            if (!isBoundary || cost >= bestCost) continue;
            bestCost = cost;
            bestThreshold = k == order.Length - 1 ? 1.0 + 1e-9 : (scores[order[k]] + scores[order[k + 1]]) / 2;
        }
        return bestThreshold;
    }

    /// <summary>The value below which <paramref name="fraction"/> of the scores lie (linear interpolation).</summary>
    public static double Quantile(IReadOnlyList<double> scores, double fraction)
    {
        var sorted = scores.OrderBy(s => s).ToArray();
        var position = Math.Clamp(fraction, 0, 1) * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    /// <summary>Share of the scores strictly below <paramref name="value"/>.</summary>
    public static double Rank(IReadOnlyList<double> scores, double value) => scores.Count(s => s < value) / (double)scores.Count;
}
