using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jade.Gateway.Bff.Sessions;

/// <summary>
/// The WebSocket connections this gateway replica holds open for browser sessions (the notifications hub), so that
/// ending a session also ends what it has open. A proxied WebSocket outlives the request that opened it, and the
/// service behind it checked the access token only then: without this, a session ended by identity would keep
/// receiving its live notifications.
/// </summary>
public sealed class LiveConnections
{
    private readonly ConcurrentDictionary<Held, string> _open = new();

    /// <summary>Holds <paramref name="connection"/> as belonging to identity session <paramref name="sessionId"/> until disposed.</summary>
    public IDisposable Track(HttpContext connection, string sessionId)
    {
        var held = new Held(this, connection);
        _open[held] = sessionId;
        return held;
    }

    public int Count => _open.Count;

    /// <summary>Closes the connections of one session (its back-channel logout reached this replica).</summary>
    public int End(string sessionId) => EndWhere(id => id == sessionId);

    /// <summary>
    /// Closes every connection whose session is no longer stored: signed out, expired, or ended by a back-channel logout
    /// that another replica received. Returns how many were closed.
    /// </summary>
    public async Task<int> EndThoseWithoutSessionAsync(GatewayDb db, DateTimeOffset now, CancellationToken ct)
    {
        var held = _open.Values.Distinct().ToList();
        if (held.Count == 0)
        {
            return 0;
        }
        var stored = await db.Sessions
            .Where(s => s.IdentitySessionId != null && held.Contains(s.IdentitySessionId) && s.ExpiresAt > now)
            .Select(s => s.IdentitySessionId!)
            .Distinct()
            .ToListAsync(ct);
        var live = stored.ToHashSet(StringComparer.Ordinal);
        return EndWhere(id => !live.Contains(id));
    }

    private int EndWhere(Func<string, bool> ended)
    {
        var closed = 0;
        foreach (var (held, sessionId) in _open)
        {
            if (ended(sessionId) && held.Abort())
            {
                closed++;
            }
        }
        return closed;
    }

    /// <summary>
    /// One held connection. Aborting and releasing exclude each other: once its request has finished, the server may
    /// reuse the <see cref="HttpContext"/> for another request, which must not be aborted in its place.
    /// </summary>
    private sealed class Held(LiveConnections owner, HttpContext connection) : IDisposable
    {
        private readonly Lock _gate = new();
        private bool _done;

        public bool Abort()
        {
            lock (_gate)
            {
                if (_done)
                {
                    return false;
                }
                _done = true;
                owner._open.TryRemove(this, out _);
                connection.Abort();
                return true;
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _done = true;
                owner._open.TryRemove(this, out _);
            }
        }
    }
}

/// <summary>Checks the held connections against the session store every <see cref="BffOptions.LiveConnectionCheckInterval"/>.</summary>
internal sealed partial class LiveConnectionSweeper(
    LiveConnections connections, IServiceScopeFactory scopes, IOptions<BffOptions> options, TimeProvider time,
    ILogger<LiveConnectionSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LiveConnectionCheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (connections.Count == 0)
            {
                continue;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var closed = await connections.EndThoseWithoutSessionAsync(scope.ServiceProvider.GetRequiredService<GatewayDb>(), time.GetUtcNow(), stoppingToken);
                if (closed > 0)
                {
                    LogClosed(logger, closed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A database outage must not close anything or stop the gateway; the next tick checks again.
                LogCheckFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} live connection(s) whose session has ended")]
    private static partial void LogClosed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check live connections against the session store")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
