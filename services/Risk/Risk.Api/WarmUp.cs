namespace Jade.Risk;

/// <summary>
/// Builds an expensive singleton (the sanctions index, a model) in the background as the host starts, so the
/// loads run side by side and the first request does not pay for them. Readiness checks that take the singleton wait
/// for it, so the service reports ready only once everything is loaded.
/// </summary>
internal sealed class WarmUp<TService>(IServiceProvider services) : BackgroundService where TService : notnull
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(() => services.GetRequiredService<TService>(), stoppingToken);
}
