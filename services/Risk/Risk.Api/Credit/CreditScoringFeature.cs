using Jade.Persistence;
using Jade.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Jade.Risk.Credit;

public static class CreditScoringFeature
{
    /// <summary>The scorer (model loaded once, at start-up), the <c>risk.credit</c> policy, a readiness check and
    /// the <c>--train-credit-model</c> command. Settings come from the <c>Credit</c> section.</summary>
    public static IServiceCollection AddCreditScoring(this IServiceCollection services)
    {
        services.AddOptions<CreditOptions>().BindConfiguration("Credit");
        services.TryAddTimeProvider();
        services.AddCreditAuthorization();
        services.AddSingleton(LoadModel);
        services.AddSingleton<CreditScorer>();
        // Load when the host starts, not on the first score: a missing or mismatched model must keep the instance
        // out of traffic. Commands run on a built but unstarted host, so retraining works without a model.
        services.AddHostedService<WarmUp<CreditScorer>>();
        services.AddHealthChecks().AddCheck<CreditModelHealthCheck>("credit-model", tags: [ServiceDefaultsExtensions.ReadyTag]);
        services.AddServiceCommand<TrainCreditModelCommand>();
        return services;
    }

    private static CreditModel LoadModel(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<CreditOptions>>().Value;
        var environment = services.GetRequiredService<IHostEnvironment>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Jade.Risk.Credit");
        var path = CreditOptions.Resolve(options.ModelPath, environment.ContentRootPath);
        var model = CreditModel.Load(path);
        logger.LogInformation("Credit model {Version} loaded from {Path} (CV AUC {Auc})", model.Report.ModelVersion, path,
            model.Report.CrossValidation.Auc);
        return model;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }
}

internal sealed class CreditModelHealthCheck(CreditScorer scorer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy(scorer.Report.ModelVersion));
}
