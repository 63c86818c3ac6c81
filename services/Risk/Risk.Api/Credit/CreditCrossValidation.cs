using Microsoft.ML;
using Microsoft.ML.Data;

namespace Jade.Risk.Credit;

/// <summary>Out-of-fold results of one candidate (the blended model, or the logistic-regression baseline).</summary>
public sealed record CandidateResult(double MeanFoldAuc, double PooledAuc, double CostPerApplicant, IReadOnlyList<double> FoldAucs,
    IReadOnlyList<double> FoldThresholds);

/// <summary>
/// What stratified k-fold cross-validation measured. Every score in <see cref="OutOfFold"/> comes from a model that
/// never saw that applicant, and every fold's threshold was picked on its own training part only.
/// </summary>
public sealed record CrossValidationResult(
    CandidateResult Model,
    CandidateResult Baseline,
    double ApproveAllCostPerApplicant,
    double DeclineAllCostPerApplicant,
    IReadOnlyList<double> OutOfFold,
    IReadOnlyList<bool> IsBad);

/// <summary>
/// Stratified k-fold cross-validation with the decision threshold chosen inside each training part by an inner
/// cross-validation, so the reported cost is what the procedure earns on applicants it has not seen.
/// The baseline is the blend's own logistic regression (same features, folds and threshold rule) read on its own.
/// </summary>
public sealed class CreditCrossValidation(CreditTrainingOptions options)
{
    public CrossValidationResult Run(IReadOnlyList<LabelledApplication> data)
    {
        var rows = data.Select(d => CreditRow.From(d.Application, d.IsBad)).ToArray();
        var isBad = data.Select(d => d.IsBad).ToArray();
        var folds = StratifiedFolds(isBad, options.Folds, options.Seed);

        // Folds are independent (each fits its own models with its own MLContext), so they run side by side;
        // results land in per-fold slots and are summed in fold order, which keeps the report bit-for-bit repeatable.
        var results = new FoldResult[options.Folds];
        Parallel.For(0, options.Folds, fold => results[fold] = RunFold(rows, isBad, folds, fold));

        var model = new double[rows.Length];
        var baseline = new double[rows.Length];
        foreach (var result in results)
        {
            for (var k = 0; k < result.TestIndex.Length; k++)
            {
                model[result.TestIndex[k]] = result.Model[k];
                baseline[result.TestIndex[k]] = result.Baseline[k];
            }
        }
        var modelCost = results.Sum(r => r.ModelCost);
        var baselineCost = results.Sum(r => r.BaselineCost);
        var modelFoldAucs = results.Select(r => r.ModelAuc).ToArray();
        var baselineFoldAucs = results.Select(r => r.BaselineAuc).ToArray();
        var modelThresholds = results.Select(r => r.ModelThreshold).ToArray();
        var baselineThresholds = results.Select(r => r.BaselineThreshold).ToArray();

        var bads = isBad.Count(b => b);
        return new CrossValidationResult(
            new CandidateResult(modelFoldAucs.Average(), CreditMetrics.Auc(model, isBad), modelCost / rows.Length, modelFoldAucs, modelThresholds),
            new CandidateResult(baselineFoldAucs.Average(), CreditMetrics.Auc(baseline, isBad), baselineCost / rows.Length, baselineFoldAucs, baselineThresholds),
            bads * CreditMetrics.BadApprovedCost / rows.Length,
            (rows.Length - bads) * CreditMetrics.GoodDeclinedCost / rows.Length,
            model,
            isBad);
    }

    private sealed record FoldResult(int[] TestIndex, double[] Model, double[] Baseline, double ModelThreshold, double BaselineThreshold,
        double ModelCost, double BaselineCost, double ModelAuc, double BaselineAuc);

    /// <summary>One outer fold: thresholds from an inner cross-validation of the training part, then a fit on the
    /// whole training part scored on the held-out fold.</summary>
    private FoldResult RunFold(CreditRow[] rows, bool[] isBad, int[] folds, int fold)
    {
        var trainIndex = Enumerable.Range(0, rows.Length).Where(i => folds[i] != fold).ToArray();
        var testIndex = Enumerable.Range(0, rows.Length).Where(i => folds[i] == fold).ToArray();
        var train = trainIndex.Select(i => rows[i]).ToArray();
        var trainBad = trainIndex.Select(i => isBad[i]).ToArray();

        var (innerModel, innerBaseline) = OutOfFoldScores(train, trainBad, options.InnerFolds, options.Seed + 1 + fold);
        var modelThreshold = CreditMetrics.CostOptimalThreshold(innerModel, trainBad);
        var baselineThreshold = CreditMetrics.CostOptimalThreshold(innerBaseline, trainBad);

        var (blend, linear) = FitAndScore(train, testIndex.Select(i => rows[i]).ToArray());
        var testBad = testIndex.Select(i => isBad[i]).ToArray();
        return new FoldResult(testIndex, blend, linear, modelThreshold, baselineThreshold,
            CreditMetrics.Cost(blend, testBad, modelThreshold), CreditMetrics.Cost(linear, testBad, baselineThreshold),
            CreditMetrics.Auc(blend, testBad), CreditMetrics.Auc(linear, testBad));
    }

    /// <summary>Inner cross-validation scores for threshold picking: both candidates from the same fits.</summary>
    private (double[] Model, double[] Baseline) OutOfFoldScores(CreditRow[] rows, bool[] isBad, int k, int seed)
    {
        var folds = StratifiedFolds(isBad, k, seed);
        var model = new double[rows.Length];
        var baseline = new double[rows.Length];
        for (var fold = 0; fold < k; fold++)
        {
            var test = Enumerable.Range(0, rows.Length).Where(i => folds[i] == fold).ToArray();
            var (blend, linear) = FitAndScore(
                Enumerable.Range(0, rows.Length).Where(i => folds[i] != fold).Select(i => rows[i]).ToArray(),
                test.Select(i => rows[i]).ToArray());
            for (var j = 0; j < test.Length; j++)
            {
                model[test[j]] = blend[j];
                baseline[test[j]] = linear[j];
            }
        }
        return (model, baseline);
    }

    private (double[] Blend, double[] Linear) FitAndScore(CreditRow[] train, CreditRow[] test)
    {
        var ml = new MLContext(options.Seed);
        var model = CreditPipeline.Build(ml, options).Fit(ml.Data.LoadFromEnumerable(train));
        var scored = model.Transform(ml.Data.LoadFromEnumerable(test));
        return (
            scored.GetColumn<float>(CreditPipeline.BlendedProbability).Select(p => (double)p).ToArray(),
            scored.GetColumn<float>(CreditPipeline.LinearProbability).Select(p => (double)p).ToArray());
    }

    /// <summary>Goods and bads each shuffled with the seed and dealt round the folds, so every fold keeps the 70/30 mix.</summary>
    public static int[] StratifiedFolds(IReadOnlyList<bool> isBad, int k, int seed)
    {
        var random = new Random(seed);
        var folds = new int[isBad.Count];
        var dealt = 0;
        foreach (var outcome in new[] { false, true })
        {
            var members = Enumerable.Range(0, isBad.Count).Where(i => isBad[i] == outcome).ToArray();
            random.Shuffle(members);
            foreach (var i in members) folds[i] = dealt++ % k;
        }
        return folds;
    }
}
