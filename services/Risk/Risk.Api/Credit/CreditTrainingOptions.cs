namespace Jade.Risk.Credit;

/// <summary>
/// Everything that decides the trained model. The defaults are the tuned, committed settings: changing one changes
/// the model, so retrain, re-run the quality gate and commit the new model files together.
/// </summary>
public sealed record CreditTrainingOptions
{
    /// <summary>Fixes the fold assignment and every random choice in training, so a retrain reproduces the report.</summary>
    public int Seed { get; init; } = 1994;
    public int Folds { get; init; } = 10;

    /// <summary>Folds inside each training part, used only to pick that part's decision threshold.</summary>
    public int InnerFolds { get; init; } = 3;

    public int Trees { get; init; } = 200;
    public int Leaves { get; init; } = 8;
    public int MinExamplesPerLeaf { get; init; } = 20;
    public double LearningRate { get; init; } = 0.03;
    public double FeatureFraction { get; init; } = 0.7;
    public float L2Regularization { get; init; } = 1f;

    /// <summary>Weight of the tree model in the blend; the rest goes to the logistic regression.</summary>
    public double TreeWeight { get; init; } = 0.5;

    /// <summary>Share of applicants, taken from each side of the threshold, that the refer band holds.</summary>
    public double ReferShare { get; init; } = 0.05;
}
