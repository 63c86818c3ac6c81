using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Jade.Risk.Credit;

/// <summary>A model fitted on all the data, with the report of the cross-validation that judged its recipe.</summary>
public sealed record TrainedCreditModel(MLContext Context, ITransformer Model, DataViewSchema InputSchema, CreditModelReport Report);

/// <summary>
/// Cross-validates the recipe, then fits it once on every row and fixes the decision settings from the
/// out-of-fold scores (never from scores of rows the model was fitted on, which would look far too sure).
/// </summary>
public sealed class CreditModelTrainer(CreditTrainingOptions options, TimeProvider time)
{
    public const string ModelFile = "credit-model.zip";
    public const string ReportFile = "credit-model.json";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public TrainedCreditModel Train(string dataPath)
    {
        var clock = Stopwatch.StartNew();
        var data = CreditData.Load(dataPath);
        var cv = new CreditCrossValidation(options).Run(data);
        var runtime = clock.Elapsed.TotalSeconds;

        var ml = new MLContext(options.Seed);
        var rows = ml.Data.LoadFromEnumerable(data.Select(d => CreditRow.From(d.Application, d.IsBad)));
        var fitted = ((IEnumerable<ITransformer>)CreditPipeline.Build(ml, options).Fit(rows)).ToArray();
        var scored = new TransformerChain<ITransformer>(fitted).Transform(rows);
        var slots = SlotNames(scored.Schema);
        // Explanations come from the trees: the last predictor in the chain is the FastTree one.
        var trees = fitted.OfType<ISingleFeaturePredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>>>().Last();
        var contributions = ml.Transforms.CalculateFeatureContribution(trees, slots.Count, slots.Count, normalize: false).Fit(scored);
        var model = new TransformerChain<ITransformer>([.. fitted, contributions]);

        var report = Report(data, cv, slots, runtime, dataPath);
        return new TrainedCreditModel(ml, model, rows.Schema, report);
    }

    public static void Save(TrainedCreditModel trained, string folder)
    {
        Directory.CreateDirectory(folder);
        trained.Context.Model.Save(trained.Model, trained.InputSchema, Path.Combine(folder, ModelFile));
        File.WriteAllText(Path.Combine(folder, ReportFile), JsonSerializer.Serialize(trained.Report, Json) + "\n");
    }

    internal static IReadOnlyList<string> SlotNames(DataViewSchema schema)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        schema[CreditPipeline.Features].GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    private CreditModelReport Report(IReadOnlyList<LabelledApplication> data, CrossValidationResult cv, IReadOnlyList<string> slots,
        double runtime, string dataPath)
    {
        var pd = cv.OutOfFold;
        var threshold = CreditMetrics.CostOptimalThreshold(pd, cv.IsBad);
        var thresholdRank = CreditMetrics.Rank(pd, threshold);
        var refer = new CreditReferBand(
            Round(CreditMetrics.Quantile(pd, thresholdRank - options.ReferShare)),
            Round(CreditMetrics.Quantile(pd, thresholdRank + options.ReferShare)));

        // Quintiles of the cross-validated PDs: each grade holds a fifth of the applicants the model has not seen.
        double?[] cutOffs = [.. new[] { 0.2, 0.4, 0.6, 0.8 }.Select(q => (double?)Round(CreditMetrics.Quantile(pd, q))), null];
        var grades = new List<CreditGrade>();
        for (var g = 0; g < cutOffs.Length; g++)
        {
            var lower = g == 0 ? double.NegativeInfinity : cutOffs[g - 1]!.Value;
            var upper = cutOffs[g] ?? double.PositiveInfinity;
            var members = Enumerable.Range(0, pd.Count).Where(i => pd[i] >= lower && pd[i] < upper).ToArray();
            grades.Add(new CreditGrade(((char)('A' + g)).ToString(), cutOffs[g], Round(members.Length / (double)pd.Count),
                members.Length == 0 ? 0 : Round(members.Count(i => cv.IsBad[i]) / (double)members.Length)));
        }

        var trainedAt = time.GetUtcNow();
        return new CreditModelReport(
            ModelVersion: $"credit-gbm-lr-{trainedAt:yyyyMMdd}-s{options.Seed}",
            TrainedAt: trainedAt,
            Data: new CreditDataAttribution(
                "Statlog (German Credit Data)",
                "UCI Machine Learning Repository, https://doi.org/10.24432/C5NC77 (Weka ARFF copy from the Debian weka package examples)",
                "Hofmann, H. (1994). Statlog (German Credit Data). UCI Machine Learning Repository.",
                "CC BY 4.0",
                data.Count,
                data.Count(d => d.IsBad),
                Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(dataPath)))),
            Training: options,
            CrossValidation: new CreditCvReport(
                "stratified k-fold; threshold per fold from an inner stratified cross-validation on the training part",
                options.Folds, options.InnerFolds, options.Seed,
                Round(cv.Model.MeanFoldAuc), Round(cv.Model.PooledAuc), [.. cv.Model.FoldAucs.Select(Round)],
                Round(cv.Baseline.MeanFoldAuc),
                Round(cv.Model.CostPerApplicant), Round(cv.Baseline.CostPerApplicant),
                Round(cv.ApproveAllCostPerApplicant), Round(cv.DeclineAllCostPerApplicant),
                [.. cv.Model.FoldThresholds.Select(Round)],
                Math.Round(runtime, 1)),
            Threshold: Round(threshold),
            Refer: refer,
            Grades: grades,
            Features: [.. CreditFeatures.All.Select(f => new CreditFeatureReport(f.Field, f.ReasonCode, f.Codes?.Select(c => c.Code).ToArray()))],
            FeatureSlots: slots);
    }

    private static double Round(double value) => Math.Round(value, 6, MidpointRounding.ToEven);

    /// <summary>The report as an operator reads it at the end of a training run.</summary>
    public static string Describe(CreditModelReport report)
    {
        var cv = report.CrossValidation;
        var lines = new List<string>
        {
            $"Credit model {report.ModelVersion} trained on {report.Data.Rows} applicants ({report.Data.Bad} bad), seed {cv.Seed}.",
            $"Stratified {cv.Folds}-fold CV AUC: {cv.Auc:F4} (pooled {cv.PooledAuc:F4}); logistic-regression baseline {cv.BaselineAuc:F4}.",
            $"Expected cost per applicant (bad approved 5, good declined 1), thresholds picked inside each training fold:",
            $"  model {cv.ModelCostPerApplicant:F3}   LR baseline {cv.BaselineCostPerApplicant:F3}   approve-all {cv.ApproveAllCostPerApplicant:F3}   decline-all {cv.DeclineAllCostPerApplicant:F3}",
            $"Decision: approve below PD {report.Refer.Lower:F4}, refer up to {report.Refer.Upper:F4}, decline above; cost-optimal threshold {report.Threshold:F4}.",
            "Grades: " + string.Join(", ", report.Grades.Select(g =>
                $"{g.Grade} {(g.UpperPd is { } u ? $"< {u:F4}" : "rest")} (bad rate {g.BadRate:P0})")),
            $"CV took {cv.RuntimeSeconds:F1} s.",
        };
        return string.Join(Environment.NewLine, lines);
    }
}
