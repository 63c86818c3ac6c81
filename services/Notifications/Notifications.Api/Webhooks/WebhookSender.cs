using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Jade.Notifications.Webhooks;

/// <summary>A claimed delivery with what sending it needs: the endpoint's URL and the secrets that sign now.</summary>
internal sealed record ClaimedDelivery(
    Guid Id, Guid ClaimToken, Guid EndpointId, string Url, IReadOnlyList<string> Secrets, byte[] Body, int Attempts, int AttemptsAtReplay)
{
    public string WebhookId => WebhookIds.Format(Id);
}

/// <summary>One request as the attempt log records it.</summary>
internal sealed record AttemptRecord(int Attempt, DateTimeOffset At, int? StatusCode, string? Error, int DurationMs)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// Sends one round of a delivery: a request, and while the answer is a 5xx, 408 or 429, a network error or a timeout,
/// up to <see cref="WebhookOptions.InProcessRetries"/> more with exponential back-off and jitter (Polly), each under
/// <see cref="WebhookOptions.AttemptTimeout"/>. Every request is stamped and signed afresh and recorded.
/// Redirects are not followed: a receiver answers where it was registered. Unless <see cref="WebhookOptions.AllowPrivateAddresses"/>,
/// a request connects only to a public address (<see cref="PublicAddresses"/>), whatever the endpoint's name resolves to. The sender keeps its own client rather than
/// one from the factory, whose platform-wide standard resilience handler would multiply these retries and timeouts.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    private static readonly ResiliencePropertyKey<int> AllowedAttempts = new("jade.webhooks.allowed-attempts");
    private static readonly ProductInfoHeaderValue UserAgent = new("Jade-Webhooks", "1.0");

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly WebhookOptions _options;
    private readonly ResiliencePipeline<int> _pipeline;

    public WebhookSender(TimeProvider time, IOptions<WebhookOptions> options)
    {
        _time = time;
        _options = options.Value;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = _options.AttemptTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = _options.AllowPrivateAddresses ? null : (context, ct) => PublicAddresses.ConnectAsync(context.DnsEndPoint, ct),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var builder = new ResiliencePipelineBuilder<int> { TimeProvider = time }
            .AddTimeout(_options.RoundTimeout);
        if (_options.InProcessRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<int>
            {
                MaxRetryAttempts = _options.InProcessRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.InProcessRetryDelay,
                MaxDelay = _options.InProcessRetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.AttemptNumber + 1 < args.Context.Properties.GetValue(AllowedAttempts, int.MaxValue) && IsTransient(args.Outcome)),
            });
        }
        _pipeline = builder.AddTimeout(_options.AttemptTimeout).Build();
    }

    /// <summary>Whether another request in the same round may help.</summary>
    public static bool IsTransient(Outcome<int> outcome) => outcome.Exception switch
    {
        HttpRequestException { InnerException: NonPublicAddressException } => false,
        HttpRequestException or TimeoutRejectedException => true,
        null => outcome.Result is >= 500 or 408 or 429,
        _ => false,
    };

    /// <summary>Sends at most <paramref name="allowedAttempts"/> requests; the records say how each went (never empty).</summary>
    public async Task<IReadOnlyList<AttemptRecord>> SendRoundAsync(ClaimedDelivery delivery, int allowedAttempts, CancellationToken stopping)
    {
        var records = new List<AttemptRecord>();
        var context = ResilienceContextPool.Shared.Get(stopping);
        context.Properties.Set(AllowedAttempts, Math.Max(1, allowedAttempts));
        try
        {
            await _pipeline.ExecuteAsync(
                static (ctx, state) => state.Sender.AttemptAsync(state.Delivery, state.Records, state.Stopping, ctx.CancellationToken),
                context,
                (Sender: this, Delivery: delivery, Records: records, Stopping: stopping));
        }
        catch (Exception) when (!stopping.IsCancellationRequested && records.Count > 0)
        {
            // The last record says what went wrong.
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
        return records;
    }

    private async ValueTask<int> AttemptAsync(ClaimedDelivery delivery, List<AttemptRecord> records, CancellationToken stopping, CancellationToken ct)
    {
        var number = delivery.Attempts + records.Count + 1;
        var at = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        try
        {
            var timestamp = at.ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(delivery.Body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.UserAgent.Add(UserAgent);
            request.Headers.TryAddWithoutValidation(WebhookSigner.IdHeader, delivery.WebhookId);
            request.Headers.TryAddWithoutValidation(WebhookSigner.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(WebhookSigner.SignatureHeader,
                WebhookSigner.SignatureHeaderValue(delivery.Secrets, delivery.WebhookId, timestamp, delivery.Body));

            // Only the status matters; the body is not read (a receiver cannot make us buffer a large answer).
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            var error = status is >= 200 and < 300 ? null : $"The endpoint answered {status} {response.ReasonPhrase}".TrimEnd();
            records.Add(new AttemptRecord(number, at, status, error, Elapsed(started)));
            return status;
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            records.Add(new AttemptRecord(number, at, null, $"No answer within {_options.AttemptTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", Elapsed(started)));
            throw;
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            records.Add(new AttemptRecord(number, at, null, Describe(ex), Elapsed(started)));
            throw;
        }
    }

    public void Dispose() => _http.Dispose();

    private int Elapsed(long started) => (int)Math.Min(int.MaxValue, _time.GetElapsedTime(started).TotalMilliseconds);

    private static string Describe(Exception ex)
    {
        var message = ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
        return message.Length > 1000 ? message[..1000] : message;
    }
}
