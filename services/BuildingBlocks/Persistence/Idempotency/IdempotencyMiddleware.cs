using System.Data.Common;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Jade.Persistence.Idempotency;

/// <summary>
/// Claims the key before the endpoint runs, records the answer after it, replays it to a repeat. The bookkeeping uses
/// its own DbContext, so it never mixes with the endpoint's unit of work. A 5xx answer (or an exception) releases the
/// key: nothing was promised, so a retry runs again. A holder killed mid-request (or whose answer could not be recorded)
/// leaves its key in flight until the lease ends; the retry that takes the key over then tells the endpoint so through
/// <see cref="IdempotencyClaim"/>, and an endpoint that creates something keys it by the claim (payment orders do).
/// </summary>
internal sealed class IdempotencyMiddleware<TContext>(
    RequestDelegate next, IServiceScopeFactory scopes, IOptions<IdempotencyOptions> options, TimeProvider time,
    ILogger<IdempotencyMiddleware<TContext>> logger) where TContext : DbContext
{
    private enum Claim { Claimed, TakenOver, Replay, Mismatch, Busy }

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
                    statusCode: StatusCodes.Status409Conflict, title: "Still being processed", type: IdempotencyKeys.InProgressType).ExecuteAsync(context);
                return;
            case Claim.Replay:
                await ReplayAsync(context.Response, stored!);
                return;
        }
        context.Features.Set(new IdempotencyClaim(key, LeaseTakenOver: claim == Claim.TakenOver));
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
            await RecordAsync(db, response, buffer.ToArray(), owner, key, lease);
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>
    /// Stores the answer for replays. The endpoint's work has committed by now, so a failure here must not turn its
    /// answer into an error: the key stays in flight, and a retry after the lease is told it took the key over.
    /// </summary>
    private async Task RecordAsync(TContext db, HttpResponse response, byte[] body, string owner, string key, DateTimeOffset lease)
    {
        try
        {
            var recorded = await db.Database.ExecuteSqlRawAsync(Statements(db).Record,
                [IdempotencyKey.Completed, response.StatusCode, Text("content_type", response.ContentType), Text("location", response.Headers.Location.ToString()),
                 body, time.GetUtcNow(), owner, key, IdempotencyKey.InFlight, lease], CancellationToken.None);
            if (recorded == 0)
            {
                logger.LogWarning("Idempotency key lease ran out before the answer was recorded (status {Status}); a retry may run again", response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or TimeoutException)
        {
            logger.LogError(ex, "The answer (status {Status}) could not be recorded for its idempotency key; a retry after the lease takes the key over",
                response.StatusCode);
        }
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
            // One statement on every request, and a repeat inserts nothing instead of failing: no change tracking, no
            // exception (this runs on every payment, and the CPU per request is what bounds payments' throughput).
            var inserted = await db.Database.ExecuteSqlRawAsync(Statements(db).Claim, [owner, key, hash, IdempotencyKey.InFlight, lease, now], ct);
            if (inserted == 1) return (Claim.Claimed, null, lease);

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
            return taken == 1 ? (Claim.TakenOver, null, lease) : (Claim.Busy, existing, default);
        }
    }

    private static (string Claim, string Record)? _statements;

    /// <summary>
    /// The claim and record statements on the owning service's <c>idempotency_keys</c>, built once per service: the table
    /// is schema-qualified from the model (never from input), every value is a parameter.
    /// </summary>
    private static (string Claim, string Record) Statements(TContext db)
    {
        if (_statements is { } built) return built;
        var entity = db.Model.FindEntityType(typeof(IdempotencyKey))
            ?? throw new InvalidOperationException("IdempotencyKey is not mapped; call AddIdempotencyKeys in OnModelCreating.");
        var table = $"\"{entity.GetSchema() ?? db.Model.GetDefaultSchema() ?? "public"}\".\"{entity.GetTableName()}\"";
        _statements = (
            $$"""
            INSERT INTO {{table}} (owner, key, request_hash, status, locked_until, created_at)
            VALUES ({0}, {1}, {2}, {3}, {4}, {5})
            ON CONFLICT (owner, key) DO NOTHING
            """,
            $$"""
            UPDATE {{table}}
               SET status = {0}, response_status = {1}, response_content_type = {2}, response_location = {3},
                   response_body = {4}, completed_at = {5}
             WHERE owner = {6} AND key = {7} AND status = {8} AND locked_until = {9}
            """);
        return _statements.Value;
    }

    /// <summary>A text parameter, NULL for a header the answer did not set: EF types a plain value by its CLR type, which NULL lacks.</summary>
    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = string.IsNullOrEmpty(value) ? DBNull.Value : value };

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
