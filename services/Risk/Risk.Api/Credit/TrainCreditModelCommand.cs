using Jade.Persistence;
using Microsoft.Extensions.Options;

namespace Jade.Risk.Credit;

/// <summary>
/// <c>--train-credit-model</c>: cross-validates, fits on all the data, writes <c>credit-model.zip</c> and
/// <c>credit-model.json</c> to <c>Credit:TrainingOutput</c> and prints the report. Exits 1, writing nothing, when
/// the result fails the quality gate, so a bad retrain cannot replace a good model by accident.
/// </summary>
internal sealed class TrainCreditModelCommand(IOptions<CreditOptions> options, IHostEnvironment environment, TimeProvider time)
    : IServiceCommand
{
    public const string CommandName = "--train-credit-model";

    public string Name => CommandName;

    public Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var dataPath = CreditOptions.Resolve(settings.DataPath, environment.ContentRootPath);
        var output = Path.IsPathRooted(settings.TrainingOutput)
            ? settings.TrainingOutput
            : Path.Combine(environment.ContentRootPath, settings.TrainingOutput);
        Console.Out.WriteLine($"Training the credit model on {dataPath} …");

        var trained = new CreditModelTrainer(new CreditTrainingOptions(), time).Train(dataPath);
        Console.Out.WriteLine(CreditModelTrainer.Describe(trained.Report));
        if (CreditQualityGate.Failures(trained.Report.CrossValidation) is { Count: > 0 } failures)
        {
            Console.Error.WriteLine("Quality gate failed, nothing written: " + string.Join("; ", failures));
            return Task.FromResult(1);
        }

        CreditModelTrainer.Save(trained, output);
        Console.Out.WriteLine($"Wrote {Path.Combine(output, CreditModelTrainer.ModelFile)} and {CreditModelTrainer.ReportFile}.");
        return Task.FromResult(0);
    }
}
