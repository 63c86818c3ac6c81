using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Jade.Payments.Channels;

namespace Jade.RailSimulator;

/// <summary>
/// Sends signed notifications after the configured delay and redelivers each (same event id) until the merchant answers
/// 2xx, backing off up to a minute between tries, as real channels do.
/// </summary>
public sealed class Notifier(IHttpClientFactory clients, TimeProvider time, ILogger<Notifier> logger) : BackgroundService
{
    private sealed record Delivery(Uri Url, string Secret, ChannelNotification Notification, DateTimeOffset Due, int Attempt);

    private const int MaxAttempts = 12;
    private readonly Channel<Delivery> _queue = Channel.CreateUnbounded<Delivery>();

    public void Send(string url, string secret, ChannelNotification notification, TimeSpan delay) =>
        _queue.Writer.TryWrite(new Delivery(new Uri(url), secret, notification, time.GetUtcNow() + delay, 1));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var delivery in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            _ = Task.Run(() => DeliverAsync(delivery, stoppingToken), stoppingToken);
        }
    }

    private async Task DeliverAsync(Delivery delivery, CancellationToken ct)
    {
        var wait = delivery.Due - time.GetUtcNow();
        if (wait > TimeSpan.Zero) await Task.Delay(wait, time, ct);
        var body = JsonSerializer.Serialize(delivery.Notification, JsonSerializerOptions.Web);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add(ChannelSignature.EventIdHeader, delivery.Notification.Id);
        request.Headers.Add(ChannelSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(ChannelSignature.SignatureHeader, ChannelSignature.ForNotification(delivery.Secret, timestamp, body));
        try
        {
            using var response = await clients.CreateClient("notify").SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                logger.LogInformation("Notified {Type} {Id} (attempt {Attempt})", delivery.Notification.Type, delivery.Notification.Id, delivery.Attempt);
                return;
            }
            logger.LogWarning("Notification {Id} answered {Status}", delivery.Notification.Id, (int)response.StatusCode);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Notification {Id} failed: {Error}", delivery.Notification.Id, ex.Message);
        }
        if (delivery.Attempt >= MaxAttempts) return;
        var backoff = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, delivery.Attempt)));
        _queue.Writer.TryWrite(delivery with { Due = time.GetUtcNow() + backoff, Attempt = delivery.Attempt + 1 });
    }
}
