using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jade.Notifications.Webhooks;

/// <summary>
/// Records a round: its requests in the attempt log, then the delivery's new state (compare-and-set on the claim, so a
/// delivery whose lease ran out and was claimed again is not overwritten) and the endpoint's health. A success resets the
/// endpoint's failure run; a failure extends it and disables the endpoint once the run is both long enough
/// (<see cref="WebhookOptions.DisableAfterConsecutiveFailures"/>) and old enough (<see cref="WebhookOptions.DisableAfterFailingFor"/>).
/// </summary>
internal sealed class WebhookOutcomes(NotificationsDb db, TimeProvider time, IOptions<WebhookOptions> options, ILogger<WebhookOutcomes> logger)
{
    private static readonly Meter Meter = new("Jade.Notifications.Webhooks");
    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>("jade.webhooks.attempts", description: "Requests sent to partner endpoints, by outcome");
    private static readonly Counter<long> Delivered = Meter.CreateCounter<long>("jade.webhooks.delivered");
    private static readonly Counter<long> Dead = Meter.CreateCounter<long>("jade.webhooks.dead");
    private static readonly Counter<long> EndpointsDisabled = Meter.CreateCounter<long>("jade.webhooks.endpoints_disabled");

    private readonly WebhookOptions _options = options.Value;

    /// <summary>
    /// Serves the dead-delivery count from 0 before the first one dies, so the first is an increase the
    /// JadeWebhookDeliveriesDead alert sees rather than a new series. Called once the metrics pipeline listens.
    /// </summary>
    public static void ServeDeadCountFromZero() => Dead.Add(0);

    public async Task RecordAsync(ClaimedDelivery delivery, IReadOnlyList<AttemptRecord> attempts, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var last = attempts[^1];
        var total = delivery.Attempts + attempts.Count;
        var roundStarted = attempts[0].At;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.WebhookAttempts.AddRange(attempts.Select(a => new WebhookAttempt
        {
            Id = Guid.CreateVersion7(a.At),
            DeliveryId = delivery.Id,
            Attempt = a.Attempt,
            At = a.At,
            StatusCode = a.StatusCode,
            Error = a.Error,
            DurationMs = a.DurationMs,
        }));
        await db.SaveChangesAsync(ct);

        var mine = db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.ClaimToken == delivery.ClaimToken);
        var endpoint = db.WebhookEndpoints.Where(e => e.Id == delivery.EndpointId);
        int updated;
        if (last.Succeeded)
        {
            updated = await mine.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDelivery.Succeeded)
                .SetProperty(d => d.Attempts, total)
                .SetProperty(d => d.LastStatusCode, last.StatusCode)
                .SetProperty(d => d.LastError, (string?)null)
                .SetProperty(d => d.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(d => d.DeliveredAt, now)
                .SetProperty(d => d.ClaimToken, (Guid?)null)
                .SetProperty(d => d.LockedUntil, (DateTimeOffset?)null), ct);
            await endpoint.ExecuteUpdateAsync(s => s
                .SetProperty(e => e.ConsecutiveFailures, 0)
                .SetProperty(e => e.FailingSince, (DateTimeOffset?)null), ct);
            Delivered.Add(updated);
        }
        else
        {
            var used = total - delivery.AttemptsAtReplay;
            var deleted = await endpoint.AnyAsync(e => e.DeletedAt != null, ct);
            var dead = used >= _options.MaxAttempts || deleted;
            DateTimeOffset? next = dead ? null : now + Backoff(used);
            updated = await mine.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, dead ? WebhookDelivery.Dead : WebhookDelivery.Retrying)
                .SetProperty(d => d.Attempts, total)
                .SetProperty(d => d.LastStatusCode, last.StatusCode)
                .SetProperty(d => d.LastError, last.Error)
                .SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.ClaimToken, (Guid?)null)
                .SetProperty(d => d.LockedUntil, (DateTimeOffset?)null), ct);
            await endpoint.ExecuteUpdateAsync(s => s
                .SetProperty(e => e.ConsecutiveFailures, e => e.ConsecutiveFailures + 1)
                .SetProperty(e => e.FailingSince, e => e.FailingSince ?? roundStarted), ct);
            var failingBefore = now - _options.DisableAfterFailingFor;
            var reason = $"Disabled automatically after {_options.DisableAfterConsecutiveFailures} or more failed deliveries in a row "
                + $"over at least {_options.DisableAfterFailingFor}; last error: {last.Error}";
            if (reason.Length > 1000) reason = reason[..1000];
            var disabled = await endpoint
                .Where(e => e.Status == WebhookEndpoint.Enabled && e.ConsecutiveFailures >= _options.DisableAfterConsecutiveFailures
                    && e.FailingSince <= failingBefore)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(e => e.Status, WebhookEndpoint.Disabled)
                    .SetProperty(e => e.DisabledReason, reason)
                    .SetProperty(e => e.DisabledAt, now), ct);
            if (disabled > 0)
            {
                EndpointsDisabled.Add(1);
                logger.LogWarning("Webhook endpoint {EndpointId} disabled after sustained failures: {Error}", delivery.EndpointId, last.Error);
            }
            if (dead && updated > 0)
            {
                Dead.Add(1);
                logger.LogWarning("Webhook delivery {WebhookId} is dead after {Attempts} attempts: {Error}", delivery.WebhookId, total, last.Error);
            }
        }
        await tx.CommitAsync(ct);
        foreach (var attempt in attempts)
        {
            Attempts.Add(1, new KeyValuePair<string, object?>("outcome", attempt.Succeeded ? "success" : attempt.StatusCode is null ? "no_answer" : "error_status"));
        }
        if (updated == 0)
        {
            logger.LogWarning("Webhook delivery {WebhookId} was no longer claimed when its round ended; its outcome only went to the attempt log", delivery.WebhookId);
        }
    }

    private TimeSpan Backoff(int attemptsUsed) => RetrySchedule.After(attemptsUsed, _options.BackoffBase, _options.BackoffMax);
}
