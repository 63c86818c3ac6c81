using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jade.Notifications.Webhooks;

/// <summary>
/// Sends due deliveries. A batch is claimed with <c>FOR UPDATE SKIP LOCKED</c> and leased (<see cref="WebhookOptions.ClaimLease"/>)
/// in a short transaction, so replicas never send one delivery side by side and no transaction stays open across HTTP calls;
/// each delivery's round is then sent and its outcome recorded. The dispatcher sleeps until <see cref="WebhookSignal"/>
/// wakes it (new deliveries committed, a replay, an endpoint enabled) or the poll interval passes (retries falling due).
/// </summary>
internal sealed class WebhookDispatcher(
    IServiceScopeFactory scopes,
    WebhookSender sender,
    WebhookSignal signal,
    TimeProvider time,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private readonly WebhookOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        WebhookOutcomes.ServeDeadCountFromZero();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            int claimed;
            try
            {
                claimed = await DispatchBatchAsync(stoppingToken);
                failures = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is unreachable, most likely: claimed deliveries wait for their lease to end.
                failures++;
                var pause = TimeSpan.FromMilliseconds(Math.Min(30_000, _options.PollInterval.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 10))));
                logger.LogWarning(ex, "Webhook dispatch failed (time {Failures}); retrying in {Pause}", failures, pause);
                await signal.PauseAsync(pause, stoppingToken);
                continue;
            }
            if (claimed < _options.BatchSize)
            {
                await signal.PauseAsync(_options.PollInterval, stoppingToken);
            }
        }
    }

    private async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        var batch = await ClaimAsync(ct);
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = ct },
            async (delivery, token) =>
            {
                try
                {
                    var remaining = _options.MaxAttempts - (delivery.Attempts - delivery.AttemptsAtReplay);
                    var attempts = await sender.SendRoundAsync(delivery, remaining, token);
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<WebhookOutcomes>().RecordAsync(delivery, attempts, token);
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    // Its lease runs out and it is sent again; the others of the batch go on.
                    logger.LogError(ex, "Webhook delivery {WebhookId} could not be sent or recorded", delivery.WebhookId);
                }
            });
        return batch.Count;
    }

    private async Task<List<ClaimedDelivery>> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        var secrets = scope.ServiceProvider.GetRequiredService<WebhookSecrets>();
        var now = time.GetUtcNow();
        var claimToken = Guid.CreateVersion7(now);
        var deliveries = $"\"{NotificationsDb.Schema}\".\"{WebhookDeliveryConfiguration.Table}\"";
        var endpoints = $"\"{NotificationsDb.Schema}\".\"{WebhookEndpointConfiguration.Table}\"";
        // Names and statuses are constants; the values are parameters.
        var claimSql = $$"""
            SELECT d.* FROM {{deliveries}} AS d JOIN {{endpoints}} AS e ON e.id = d.endpoint_id
            WHERE d.status IN ('{{WebhookDelivery.Pending}}', '{{WebhookDelivery.Retrying}}') AND d.next_attempt_at <= {0}
              AND (d.locked_until IS NULL OR d.locked_until < {0})
              AND e.status = '{{WebhookEndpoint.Enabled}}' AND e.deleted_at IS NULL
            ORDER BY d.next_attempt_at
            LIMIT {1}
            FOR UPDATE OF d SKIP LOCKED
            """;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.WebhookDeliveries.FromSqlRaw(claimSql, now, _options.BatchSize).ToListAsync(ct);
        if (claimed.Count == 0)
        {
            await tx.RollbackAsync(ct);
            return [];
        }
        foreach (var delivery in claimed)
        {
            delivery.ClaimToken = claimToken;
            delivery.LockedUntil = now + _options.ClaimLease;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        var endpointIds = claimed.Select(d => d.EndpointId).Distinct().ToList();
        var byId = await db.WebhookEndpoints.AsNoTracking().Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var ready = new List<ClaimedDelivery>(claimed.Count);
        foreach (var d in claimed)
        {
            var endpoint = byId[d.EndpointId];
            try
            {
                ready.Add(new ClaimedDelivery(d.Id, claimToken, endpoint.Id, endpoint.Url, secrets.SigningSecrets(endpoint, now),
                    Encoding.UTF8.GetBytes(d.Payload), d.Attempts, d.AttemptsAtReplay));
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                // The key ring lost the key that encrypted this secret: nothing can be signed for the endpoint. Its deliveries
                // wait (lease by lease) for an operator to restore the key or the partner to rotate the secret.
                logger.LogError(ex, "The secret of webhook endpoint {EndpointId} cannot be decrypted", endpoint.Id);
            }
        }
        return ready;
    }
}
