using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Jade.Notifications.Tests.Webhooks;

/// <summary>
/// A partner's webhook receiver: a real Kestrel server on a loopback port. Each hook (<c>/hooks/{name}</c>) knows the
/// secrets the partner was given and verifies every request the way the documented scheme says, with its own code:
/// HMAC-SHA256 over <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed with the base64 after <c>whsec_</c>, compared
/// with each <c>v1,</c> entry of <c>webhook-signature</c>. A request without a valid signature or with a stale timestamp
/// is refused with 401. A hook can be told to answer 500 for a number of requests, or until told otherwise.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Hook> _hooks = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{name}", (string name, HttpContext http) => receiver.ReceiveAsync(name, http));
        await app.StartAsync();
        receiver.BaseAddress = new Uri(app.Urls.Single());
        return receiver;
    }

    /// <summary>A new hook; give it the endpoint's secret(s) once the API has shown them.</summary>
    public Hook Add(string name)
    {
        var hook = new Hook(new Uri(BaseAddress, $"/hooks/{name}"));
        if (!_hooks.TryAdd(name, hook)) throw new InvalidOperationException($"Hook {name} exists.");
        return hook;
    }

    private async Task<IResult> ReceiveAsync(string name, HttpContext http)
    {
        if (!_hooks.TryGetValue(name, out var hook))
        {
            return Results.NotFound();
        }
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        if (hook.TakeHang() is { } hang)
        {
            // Holds the answer past the sender's attempt timeout; the sender gives up and this answer goes nowhere.
            await Task.Delay(hang, CancellationToken.None);
        }
        var body = buffer.ToArray();
        var id = http.Request.Headers["webhook-id"].ToString();
        var timestamp = http.Request.Headers["webhook-timestamp"].ToString();
        var signature = http.Request.Headers["webhook-signature"].ToString();

        var matched = hook.Secrets.Select((secret, index) => (secret, index))
            .Where(s => Verifies(s.secret, id, timestamp, body, signature))
            .Select(s => s.index)
            .ToList();
        var fresh = long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && (DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() <= Tolerance;
        var status = matched.Count == 0 || !fresh ? StatusCodes.Status401Unauthorized
            : hook.TakeFailure() ? StatusCodes.Status500InternalServerError
            : StatusCodes.Status204NoContent;
        hook.Record(new ReceivedWebhook(id, timestamp, signature, Encoding.UTF8.GetString(body), http.Request.ContentType, matched, fresh, status,
            DateTimeOffset.UtcNow));
        return Results.StatusCode(status);
    }

    /// <summary>The documented scheme, written here independently of the service's signer.</summary>
    private static bool Verifies(string secret, string id, string timestamp, byte[] body, string header)
    {
        if (!secret.StartsWith("whsec_", StringComparison.Ordinal) || id.Length == 0 || timestamp.Length == 0)
        {
            return false;
        }
        using var hmac = new HMACSHA256(Convert.FromBase64String(secret["whsec_".Length..]));
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        var expected = hmac.ComputeHash(signed);
        foreach (var entry in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = entry.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || entry[..comma] != "v1")
            {
                continue;
            }
            var candidate = new byte[64];
            if (Convert.TryFromBase64String(entry[(comma + 1)..], candidate, out var written)
                && CryptographicOperations.FixedTimeEquals(candidate.AsSpan(0, written), expected))
            {
                return true;
            }
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class Hook(Uri url)
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private int _failuresLeft;
    private volatile bool _failing;
    private TimeSpan? _hang;

    public Uri Url { get; } = url;

    /// <summary>The secrets the partner holds, oldest first.</summary>
    public List<string> Secrets { get; } = [];

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>Answer 500 to the next <paramref name="requests"/> correctly signed requests.</summary>
    public void FailNext(int requests) => Interlocked.Exchange(ref _failuresLeft, requests);

    /// <summary>Keep the next request waiting for <paramref name="delay"/> before answering.</summary>
    public void HangNext(TimeSpan delay) => _hang = delay;

    internal TimeSpan? TakeHang()
    {
        var hang = _hang;
        _hang = null;
        return hang;
    }

    /// <summary>Answer 500 to every correctly signed request until <see cref="Recover"/>.</summary>
    public void FailAlways() => _failing = true;

    public void Recover()
    {
        _failing = false;
        Interlocked.Exchange(ref _failuresLeft, 0);
    }

    internal bool TakeFailure()
    {
        if (_failing) return true;
        while (true)
        {
            var left = Volatile.Read(ref _failuresLeft);
            if (left <= 0) return false;
            if (Interlocked.CompareExchange(ref _failuresLeft, left - 1, left) == left) return true;
        }
    }

    internal void Record(ReceivedWebhook request) => _received.Enqueue(request);
}

/// <summary>One request as the receiver saw it: which of the hook's secrets (by index) produced a matching signature.</summary>
public sealed record ReceivedWebhook(
    string Id, string Timestamp, string SignatureHeader, string Body, string? ContentType, IReadOnlyList<int> SecretsMatched, bool TimestampFresh,
    int AnsweredWith, DateTimeOffset At)
{
    public bool Verified => SecretsMatched.Count > 0 && TimestampFresh;
}
