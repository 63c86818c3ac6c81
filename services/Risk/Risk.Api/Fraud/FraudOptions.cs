using Jade.Risk.Fraud.Simulation;

namespace Jade.Risk.Fraud;

/// <summary>Configuration section <c>Fraud</c> (environment: <c>Fraud__ModelPath</c>, …).</summary>
public sealed class FraudOptions
{
    /// <summary>The model zip; a relative path resolves against the app's base directory, where the build copies the
    /// committed model.</summary>
    public string ModelPath { get; set; } = "Fraud/Model/" + FraudModelTrainer.ModelFileName;

    /// <summary>Where <c>--train-fraud-model</c> writes; default the <c>Fraud/Model</c> folder of the content root, i.e.
    /// the committed model's folder when run from the project.</summary>
    public string? TrainingOutput { get; set; }

    /// <summary>The simulated data the command trains on (seed, customers, days, start).</summary>
    public SimulationOptions Simulation { get; set; } = new();

    /// <summary>A retrained model below this holdout AUC is not written.</summary>
    public double MinimumHoldoutAuc { get; set; } = 0.90;
}
