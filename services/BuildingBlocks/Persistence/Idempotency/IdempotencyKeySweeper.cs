using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jade.Persistence.Idempotency;

/// <summary>Deletes keys older than <see cref="IdempotencyOptions.Retention"/>, once per sweep interval.</summary>
internal sealed class IdempotencyKeySweeper<TContext>(
    IServiceScopeFactory scopes, IOptions<IdempotencyOptions> options, TimeProvider time, ILogger<IdempotencyKeySweeper<TContext>> logger)
    : BackgroundService where TContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The next tick tries again; expired keys only take space meanwhile.
                logger.LogWarning(ex, "Sweeping expired idempotency keys failed");
            }
        }
    }

    private async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var cutoff = time.GetUtcNow() - options.Value.Retention;
        return await scope.ServiceProvider.GetRequiredService<TContext>().Set<IdempotencyKey>()
            .Where(k => k.CreatedAt < cutoff)
            .ExecuteDeleteAsync(ct);
    }
}
