using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms;

namespace Jade.Risk.Credit;

/// <summary>
/// The model as one ML.NET chain: one-hot categories and the numbers, standardised, into one feature vector; an L2
/// logistic regression and a FastTree gradient-boosted ensemble on that vector; their probabilities averaged with
/// <see cref="CreditTrainingOptions.TreeWeight"/>. On German Credit the two err differently (the trees catch
/// interactions, the linear model is steadier on 900 rows), so the blend ranks better than either.
/// </summary>
public static class CreditPipeline
{
    public const string Features = "Features";
    public const string LinearProbability = "LinearProbability";
    public const string TreeProbability = "TreeProbability";
    public const string BlendedProbability = "BlendedProbability";
    public const string FeatureContributions = "FeatureContributions";

    /// <summary>Numeric columns of <see cref="CreditRow"/>, with the API field each one explains.</summary>
    public static readonly IReadOnlyList<(string Column, CreditFeature Feature)> NumericColumns =
    [
        ("DurationMonths", CreditFeatures.Duration),
        ("CreditAmount", CreditFeatures.CreditAmount),
        ("LogCreditAmount", CreditFeatures.CreditAmount),
        ("MonthlyAmount", CreditFeatures.CreditAmount),
        ("InstallmentRate", CreditFeatures.InstallmentRate),
        ("ResidenceSince", CreditFeatures.ResidenceSince),
        ("Age", CreditFeatures.Age),
        ("ExistingCredits", CreditFeatures.ExistingCredits),
        ("NumDependents", CreditFeatures.NumDependents),
    ];

    public static readonly IReadOnlyList<(string Column, CreditFeature Feature)> CategoricalColumns =
        CreditFeatures.All.Where(f => f.IsCategorical).Select(f => (ColumnOf(f), f)).ToArray();

    public static string ColumnOf(CreditFeature feature) => char.ToUpperInvariant(feature.Field[0]) + feature.Field[1..];

    /// <summary>The API field a column of the feature vector comes from (slot names look like <c>Purpose.new_car</c>).</summary>
    public static CreditFeature FeatureOfSlot(string slotName)
    {
        var column = slotName.Split('.', 2)[0];
        return NumericColumns.Concat(CategoricalColumns).First(c => c.Column == column).Feature;
    }

    public static IEstimator<ITransformer> Build(MLContext ml, CreditTrainingOptions options)
    {
        var categorical = CategoricalColumns.Select(c => new InputOutputColumnPair(c.Column)).ToArray();
        return ml.Transforms.Categorical.OneHotEncoding(categorical, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.Concatenate(Features, [.. NumericColumns.Select(c => c.Column), .. CategoricalColumns.Select(c => c.Column)]))
            .Append(ml.Transforms.NormalizeMeanVariance(Features))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                L2Regularization = options.L2Regularization,
                L1Regularization = 0,
                // One thread keeps the floating-point sums in one order, so a retrain reproduces the report exactly.
                NumberOfThreads = 1,
            }))
            .Append(ml.Transforms.CopyColumns(LinearProbability, "Probability"))
            .Append(ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfTrees = options.Trees,
                NumberOfLeaves = options.Leaves,
                MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
                LearningRate = options.LearningRate,
                FeatureFraction = options.FeatureFraction,
                Seed = options.Seed,
                FeatureSelectionSeed = options.Seed,
                NumberOfThreads = 1,
            }))
            .Append(ml.Transforms.CopyColumns(TreeProbability, "Probability"))
            .Append(ml.Transforms.Expression(BlendedProbability,
                string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"(tree, linear) => tree * {options.TreeWeight:R} + linear * {1 - options.TreeWeight:R}"),
                TreeProbability, LinearProbability));
    }
}
