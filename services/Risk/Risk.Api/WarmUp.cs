namespace Jade.Risk;

/// <summary>
/// Builds an expensive singleton (the sanctions index, a model) in the background as the host starts, so the
/// loads run side by side and the first request does not pay for them. Readiness checks that take the singleton wait
/// for it, so the service reports ready only once everything is loaded. The load begins in
/// <see cref="StartingAsync"/>, before any hosted service's <c>StartAsync</c>: a migration check on start-up then
/// runs alongside it instead of ahead of it. A load that fails (a missing or mismatched model file) stops the
/// instance, as a failing background service would.
/// </summary>
internal sealed class WarmUp<TService>(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<WarmUp<TService>> logger)
    : IHostedLifecycleService where TService : notnull
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() =>
        {
            try
            {
                services.GetRequiredService<TService>();
            }
            catch (Exception ex)
            {
                logger.LogCritical(ex, "Loading {Service} failed; stopping", typeof(TService).Name);
                lifetime.StopApplication();
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
