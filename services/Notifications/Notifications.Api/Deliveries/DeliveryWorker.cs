using System.Diagnostics.Metrics;
using Jade.Messaging;
using Jade.Notifications.Preferences;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Jade.Notifications.Deliveries;

/// <summary>Wakes <see cref="DeliveryWorker"/> when a committed transaction queued deliveries (see <see cref="Live.LiveListener"/>).</summary>
public sealed class DeliverySignal : WakeSignal;

/// <summary>
/// Sends due e-mail and SMS deliveries. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c> so replicas never send one
/// twice at the same time. A try is a Polly pipeline (a timeout, and two quick retries with jittered exponential backoff
/// for a blip); a try that still fails is rescheduled durably (<see cref="RetrySchedule"/>) until
/// <see cref="DeliveryOptions.MaxAttempts"/> marks it failed for staff. Sending is at-least-once: a crash between the
/// provider's acceptance and the commit resends, which the SMS idempotency key and the e-mail Message-Id make recognisable.
/// </summary>
internal sealed class DeliveryWorker(
    IServiceScopeFactory scopes,
    DeliverySignal signal,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private static readonly Meter Meter = new("Jade.Notifications");
    private static readonly Counter<long> Sent = Meter.CreateCounter<long>("jade.notifications.deliveries_sent");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("jade.notifications.delivery_failures");

    private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not DeliveryFailedException { Permanent: true } and not OperationCanceledException),
            MaxRetryAttempts = 2,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
        })
        .AddTimeout(new TimeoutStrategyOptions { Timeout = options.Value.SendTimeout })
        .Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Delivery round failed; trying again after the poll interval");
            }
            if (claimed < options.Value.BatchSize)
            {
                await signal.PauseAsync(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    private async Task<int> SendDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var due = await db.Deliveries
            .FromSql($"SELECT * FROM notifications.deliveries WHERE status = 'pending' AND next_attempt_at <= {time.GetUtcNow()} ORDER BY next_attempt_at LIMIT {options.Value.BatchSize} FOR UPDATE SKIP LOCKED")
            .ToListAsync(ct);
        foreach (var delivery in due)
        {
            await SendAsync(scope.ServiceProvider, delivery, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return due.Count;
    }

    private async Task SendAsync(IServiceProvider services, DeliveryRow delivery, CancellationToken ct)
    {
        delivery.Attempts++;
        try
        {
            delivery.ProviderMessageId = await _pipeline.ExecuteAsync(async token => delivery.Channel == Channels.Email
                ? await services.GetRequiredService<EmailSender>().SendAsync(delivery, token)
                : await services.GetRequiredService<SmsSender>().SendAsync(delivery, token), ct);
            delivery.Status = DeliveryStatuses.Sent;
            delivery.SentAt = time.GetUtcNow();
            delivery.LastError = null;
            Sent.Add(1, new KeyValuePair<string, object?>("channel", delivery.Channel));
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Failures.Add(1, new KeyValuePair<string, object?>("channel", delivery.Channel));
            delivery.LastError = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
            var permanent = e is DeliveryFailedException { Permanent: true };
            if (permanent || delivery.Attempts >= options.Value.MaxAttempts)
            {
                delivery.Status = DeliveryStatuses.Failed;
                logger.LogWarning("{Channel} delivery {DeliveryId} to {Recipient} failed for good after {Attempts} tries: {Error}",
                    delivery.Channel, delivery.Id, delivery.RecipientMasked, delivery.Attempts, delivery.LastError);
                return;
            }
            delivery.NextAttemptAt = time.GetUtcNow() + RetrySchedule.After(delivery.Attempts, options.Value.FirstBackoff, options.Value.MaxBackoff);
        }
    }
}
