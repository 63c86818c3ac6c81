using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Jade.Persistence.Idempotency;

/// <summary>
/// Claims the key before the endpoint runs, records the answer after it, replays it to a repeat. The bookkeeping uses
/// its own DbContext, so it never mixes with the endpoint's unit of work. A 5xx answer (or an exception) releases the
/// key: nothing was promised, so a retry runs again. A holder killed mid-request leaves its key in flight until the
/// lease ends; the endpoint itself must be safe to run again after that (the payment it creates is keyed too).
/// </summary>
internal sealed class IdempotencyMiddleware<TContext>(
    RequestDelegate next, IServiceScopeFactory scopes, IOptions<IdempotencyOptions> options, TimeProvider time,
    ILogger<IdempotencyMiddleware<TContext>> logger) where TContext : DbContext
{
    private enum Claim { Claimed, Replay, Mismatch, Busy }

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IdempotencyKeyMetadata>() is not { } metadata)
        {
            await next(context);
            return;
        }
        var values = context.Request.Headers[IdempotencyKeys.Header];
        if (values.Count == 0 && !metadata.Required)
        {
            await next(context);
            return;
        }
        if (values.Count != 1 || !IdempotencyKeys.IsWellFormed(values[0]!))
        {
            var message = values.Count == 0
                ? $"This request must carry an {IdempotencyKeys.Header} header: a unique value per operation, reused only to retry it."
                : $"{IdempotencyKeys.Header} must be one value of 1 to {IdempotencyKeys.MaxKeyLength} visible ASCII characters.";
            await Results.ValidationProblem(new Dictionary<string, string[]> { [IdempotencyKeys.Header] = [message] }).ExecuteAsync(context);
            return;
        }

        var body = await ReadBodyAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await Results.Problem($"The request body exceeds {options.Value.MaxBodyBytes:N0} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge)
                .ExecuteAsync(context);
            return;
        }
        var owner = OwnerOf(context.User);
        var key = values[0]!;
        var hash = Fingerprint(context.Request, body);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var (claim, stored, lease) = await ClaimAsync(db, owner, key, hash, context.RequestAborted);
        switch (claim)
        {
            case Claim.Mismatch:
                await Results.Problem($"This {IdempotencyKeys.Header} was used for a different request; use a new key for a new operation.",
                    statusCode: StatusCodes.Status422UnprocessableEntity).ExecuteAsync(context);
                return;
            case Claim.Busy:
                await Results.Problem($"A request with this {IdempotencyKeys.Header} is still being processed; retry shortly.",
                    statusCode: StatusCodes.Status409Conflict).ExecuteAsync(context);
                return;
            case Claim.Replay:
                await ReplayAsync(context.Response, stored!);
                return;
        }
        await RunAndRecordAsync(context, db, owner, key, lease);
    }

    private async Task RunAndRecordAsync(HttpContext context, TContext db, string owner, string key, DateTimeOffset lease)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            await ReleaseAsync(db, owner, key, lease);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        var response = context.Response;
        if (response.StatusCode >= 500)
        {
            await ReleaseAsync(db, owner, key, lease);
        }
        else
        {
            var location = response.Headers.Location.ToString();
            var recorded = await Mine(db, owner, key, lease).ExecuteUpdateAsync(s => s
                .SetProperty(k => k.Status, IdempotencyKey.Completed)
                .SetProperty(k => k.ResponseStatus, response.StatusCode)
                .SetProperty(k => k.ResponseContentType, response.ContentType)
                .SetProperty(k => k.ResponseLocation, location.Length == 0 ? null : location)
                .SetProperty(k => k.ResponseBody, buffer.ToArray())
                .SetProperty(k => k.CompletedAt, time.GetUtcNow()), CancellationToken.None);
            if (recorded == 0)
            {
                logger.LogWarning("Idempotency key lease ran out before the answer was recorded (status {Status}); a retry may run again", response.StatusCode);
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private async Task<(Claim Claim, IdempotencyKey? Stored, DateTimeOffset Lease)> ClaimAsync(
        TContext db, string owner, string key, byte[] hash, CancellationToken ct)
    {
        var keys = db.Set<IdempotencyKey>();
        // A key released (5xx) between our insert and our read is claimable again: a few rounds settle it.
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var lease = now + options.Value.Lease;
            keys.Add(new IdempotencyKey { Owner = owner, Key = key, RequestHash = hash, Status = IdempotencyKey.InFlight, LockedUntil = lease, CreatedAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
                return (Claim.Claimed, null, lease);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                db.ChangeTracker.Clear();
            }

            var existing = await keys.AsNoTracking().SingleOrDefaultAsync(k => k.Owner == owner && k.Key == key, ct);
            if (existing is null)
            {
                if (attempt < 3) continue;
                return (Claim.Busy, null, default);
            }
            if (!existing.RequestHash.AsSpan().SequenceEqual(hash)) return (Claim.Mismatch, existing, default);
            if (existing.Status == IdempotencyKey.Completed) return (Claim.Replay, existing, default);
            if (existing.LockedUntil > now) return (Claim.Busy, existing, default);
            // The holder's lease ran out (it died): take the key over, compare-and-set on the lease we saw.
            var taken = await Mine(db, owner, key, existing.LockedUntil).ExecuteUpdateAsync(s => s.SetProperty(k => k.LockedUntil, lease), ct);
            return taken == 1 ? (Claim.Claimed, null, lease) : (Claim.Busy, existing, default);
        }
    }

    private static IQueryable<IdempotencyKey> Mine(TContext db, string owner, string key, DateTimeOffset lease) =>
        db.Set<IdempotencyKey>().Where(k => k.Owner == owner && k.Key == key && k.Status == IdempotencyKey.InFlight && k.LockedUntil == lease);

    private static Task ReleaseAsync(TContext db, string owner, string key, DateTimeOffset lease) =>
        Mine(db, owner, key, lease).ExecuteDeleteAsync(CancellationToken.None);

    private static async Task ReplayAsync(HttpResponse response, IdempotencyKey stored)
    {
        response.StatusCode = stored.ResponseStatus ?? StatusCodes.Status200OK;
        if (stored.ResponseContentType is { } contentType) response.ContentType = contentType;
        if (stored.ResponseLocation is { } location) response.Headers.Location = location;
        response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        if (stored.ResponseBody is { Length: > 0 } body) await response.Body.WriteAsync(body);
    }

    /// <summary>Keys belong to the caller: the token's subject (a customer, staff member) or client (a service, a
    /// partner); an anonymous caller shares one space.</summary>
    private static string OwnerOf(ClaimsPrincipal user) =>
        user.FindFirst("sub")?.Value is { Length: > 0 } subject ? $"sub:{subject}"
        : user.FindFirst("client_id")?.Value is { Length: > 0 } client ? $"client:{client}"
        : "anonymous";

    /// <summary>The body, read and rewound for the endpoint; null when it is larger than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        request.EnableBuffering();
        using var copy = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            copy.Write(chunk, 0, read);
            if (copy.Length > limit) return null;
        }
        request.Body.Position = 0;
        return copy.ToArray();
    }

    /// <summary>Method, path, query and body: two requests are "the same" only if all four are.</summary>
    private static byte[] Fingerprint(HttpRequest request, byte[] body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        hash.AppendData(body);
        return hash.GetHashAndReset();
    }
}
