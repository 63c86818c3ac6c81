using System.Text.Json;
using Jade.Persistence;
using Microsoft.Extensions.Options;

namespace Jade.Risk.Fraud;

/// <summary>
/// <c>--train-fraud-model</c>: regenerates the simulated data, trains, evaluates on the time-based holdout and, when
/// the holdout AUC clears <see cref="FraudOptions.MinimumHoldoutAuc"/>, writes fraud-model.zip and fraud-model.json to
/// <see cref="FraudOptions.TrainingOutput"/>. Exit code 0 written, 2 below the bar (nothing written).
/// </summary>
public sealed class TrainFraudModelCommand(IOptions<FraudOptions> options, IHostEnvironment environment,
    TimeProvider time, ILogger<TrainFraudModelCommand> logger) : IServiceCommand
{
    public string Name => "--train-fraud-model";

    public Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var folder = settings.TrainingOutput is { Length: > 0 } configured
            ? Path.GetFullPath(configured, environment.ContentRootPath)
            : Path.Combine(environment.ContentRootPath, "Fraud", "Model");
        logger.LogInformation("Training the fraud model on simulation {Simulation}", settings.Simulation);
        var result = new FraudModelTrainer(time).Train(settings.Simulation);
        cancellationToken.ThrowIfCancellationRequested();
        var report = result.Report;
        if (report.HoldoutAuc < settings.MinimumHoldoutAuc)
        {
            Console.WriteLine(JsonSerializer.Serialize(report, FraudModelTrainer.Json));
            logger.LogError("Holdout AUC {Auc} is below {Minimum}; the model was not written", report.HoldoutAuc, settings.MinimumHoldoutAuc);
            return Task.FromResult(2);
        }
        report = result.Save(folder);
        Console.WriteLine(JsonSerializer.Serialize(report, FraudModelTrainer.Json));
        logger.LogInformation("Fraud model {Version} written to {Folder}: holdout AUC {Auc}, PR-AUC {PrAuc}, {Seconds} s",
            report.ModelVersion, folder, report.HoldoutAuc, report.HoldoutPrAuc, report.TrainingSeconds);
        return Task.FromResult(0);
    }
}
