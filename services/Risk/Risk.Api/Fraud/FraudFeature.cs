using Jade.Persistence;
using Jade.Risk.Behaviour;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Jade.Risk.Fraud;

public static class FraudFeature
{
    /// <summary>Registers the fraud scorer (model loaded once, on first use), the shared behaviour tracker if none is
    /// registered yet, and the <c>--train-fraud-model</c> command. Settings: section <c>Fraud</c>.</summary>
    public static IServiceCollection AddFraudModel(this IServiceCollection services)
    {
        services.AddOptions<FraudOptions>().BindConfiguration("Fraud")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ModelPath), "Fraud:ModelPath is required.")
            .Validate(o => o.MinimumHoldoutAuc is > 0.5 and <= 1, "Fraud:MinimumHoldoutAuc must be in (0.5, 1].");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new BehaviourTracker());
        services.AddHostedService<WarmUp<FraudScorer>>();
        services.AddSingleton(sp => FraudScorer.Load(ResolveModelPath(sp.GetRequiredService<IOptions<FraudOptions>>().Value.ModelPath)));
        services.AddServiceCommand<TrainFraudModelCommand>();
        return services;
    }

    internal static string ResolveModelPath(string modelPath) =>
        Path.IsPathRooted(modelPath) ? modelPath : Path.Combine(AppContext.BaseDirectory, modelPath);
}
