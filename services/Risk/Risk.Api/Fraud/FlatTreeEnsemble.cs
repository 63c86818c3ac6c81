using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers.FastTree;

namespace Jade.Risk.Fraud;

/// <summary>
/// The trained FastTree binary model copied into flat arrays: the calibrated probability and the feature
/// contributions that explain it, computed straight from the trees. ML.NET's <c>PredictionEngine</c> computes the same
/// probability, but it is not thread-safe (so it needs a pool) and building one emits dynamic methods the JIT must
/// compile, which under load turned every pool miss into a burst of compilation; a walk over arrays needs neither.
/// Contributions are ML.NET's <c>CalculateFeatureContribution</c> quantity (for each tree, at each split on the
/// example's path: the tree's output minus what it would have output had that split gone the other way, credited to
/// the split's feature). Tests check both against ML.NET.
/// </summary>
internal sealed class FlatTreeEnsemble
{
    private readonly Tree[] _trees;
    private readonly double _slope;
    private readonly double _offset;

    private FlatTreeEnsemble(FastTreeBinaryModelParameters model, PlattCalibrator calibrator)
    {
        var ensemble = model.TrainedTreeEnsemble;
        _trees = new Tree[ensemble.Trees.Count];
        for (var t = 0; t < _trees.Length; t++)
        {
            var tree = ensemble.Trees[t];
            if (tree.CategoricalSplitFlags.Any(c => c)) throw new NotSupportedException("The fraud model has only numeric features.");
            _trees[t] = new Tree([.. tree.LeftChild], [.. tree.RightChild], [.. tree.NumericalSplitFeatureIndexes],
                [.. tree.NumericalSplitThresholds], [.. tree.LeafValues], ensemble.TreeWeights[t]);
        }
        _slope = calibrator.Slope;
        _offset = calibrator.Offset;
    }

    /// <summary>Finds the calibrated FastTree model inside a loaded or trained pipeline.</summary>
    public static FlatTreeEnsemble From(ITransformer model)
    {
        IEnumerable<ITransformer> parts = model is IEnumerable<ITransformer> chain ? chain : [model];
        foreach (var part in parts)
        {
            if ((part as IPredictionTransformer<object>)?.Model is CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> calibrated)
            {
                return new FlatTreeEnsemble(calibrated.SubModel, calibrated.Calibrator);
            }
        }
        throw new InvalidOperationException("The model holds no Platt-calibrated FastTree binary classifier.");
    }

    /// <summary>The ensemble's raw score: the weighted sum of the leaves the features reach.</summary>
    public double RawScore(ReadOnlySpan<float> features)
    {
        var score = 0.0;
        foreach (var tree in _trees) score += tree.Weight * tree.Leaves[tree.LeafFrom(features, 0)];
        return score;
    }

    /// <summary>The calibrated probability, as ML.NET's Platt calibrator maps the raw score.</summary>
    public float Probability(ReadOnlySpan<float> features) => (float)(1 / (1 + Math.Exp(_slope * (float)RawScore(features) + _offset)));

    /// <summary>Adds each feature's contribution to the raw score into <paramref name="contributions"/> (cleared first).</summary>
    public void Contributions(ReadOnlySpan<float> features, Span<float> contributions)
    {
        contributions.Clear();
        foreach (var tree in _trees)
        {
            if (tree.Lte.Length == 0) continue; // a single-leaf tree splits on nothing
            var trueOutput = tree.Leaves[tree.LeafFrom(features, 0)];
            var node = 0;
            while (node >= 0)
            {
                var feature = tree.Feature[node];
                int otherWay;
                if (features[feature] <= tree.Threshold[node])
                {
                    otherWay = tree.Gt[node];
                    node = tree.Lte[node];
                }
                else
                {
                    otherWay = tree.Lte[node];
                    node = tree.Gt[node];
                }
                var ghostOutput = tree.Leaves[tree.LeafFrom(features, otherWay)];
                contributions[feature] += (float)(tree.Weight * (trueOutput - ghostOutput));
            }
        }
    }

    private sealed record Tree(int[] Lte, int[] Gt, int[] Feature, float[] Threshold, double[] Leaves, double Weight)
    {
        /// <summary>Leaf index reached from <paramref name="node"/> (a negative node is already leaf ~node); a tree
        /// without splits is its single leaf.</summary>
        public int LeafFrom(ReadOnlySpan<float> features, int node)
        {
            if (Lte.Length == 0) return 0;
            while (node >= 0) node = features[Feature[node]] <= Threshold[node] ? Lte[node] : Gt[node];
            return ~node;
        }
    }
}
